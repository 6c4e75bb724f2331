import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { finishedSpans, histogram } from '../support/instrumentation-telemetry';
import { response } from '../support/openai-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { agents, resetAgentsTelemetry, useWireServerClient, z } from './support/load-agents';
import { chatSpans, childNames, named, parentOf } from './support/span-tree';

const wire = useOpenAIWireServer();
beforeEach(() => {
  resetAgentsTelemetry();
  useWireServerClient(wire.baseURL);
});

const tracer = trace.getTracer('app');

function weatherAgent() {
  const getWeather = agents.tool({
    name: 'get_weather',
    description: 'Weather in a city',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) =>
      // A span the app opens inside the tool must nest under execute_tool.
      tracer.startActiveSpan('lookup weather', async (span) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        span.end();
        return `18°C and sunny in ${city}`;
      }),
  });
  const getTime = agents.tool({
    name: 'get_local_time',
    description: 'Local time in a city',
    parameters: z.object({ city: z.string() }),
    execute: async () =>
      // Runs in parallel with get_weather: its span must still nest under its own execute_tool.
      tracer.startActiveSpan('lookup time', async (span) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        span.end();
        throw new Error('time service unavailable');
      }),
  });
  return new agents.Agent({
    name: 'Trip helper',
    instructions: 'Use the tools.',
    model: 'gpt-4.1-mini',
    tools: [getWeather, getTime],
  });
}

function queueToolReplies(): void {
  wire.enqueue(
    'POST /v1/responses',
    {
      kind: 'json',
      body: response({
        functionCalls: [
          { callId: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { callId: 'call_time_1', name: 'get_local_time', arguments: '{"city":"Paris"}' },
        ],
        usage: { input: 96, output: 40 },
      }),
    },
    {
      kind: 'json',
      body: response({ text: '18°C and sunny; the time is unknown.', usage: { input: 150, output: 12 } }),
    },
  );
}

describe('an agent with two function tools, one failing', () => {
  it('has one execute_tool span per call under invoke_agent, the failing one in error, and app spans inside tools', async () => {
    queueToolReplies();
    const result = await agents.run(weatherAgent(), 'Weather and time in Paris?');
    expect(result.finalOutput).toBe('18°C and sunny; the time is unknown.');
    expect(wire.requests).toHaveLength(2);

    const spans = finishedSpans();
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    const agent = named(spans, 'invoke_agent Trip helper');
    // The two tools run in parallel, so which of them starts first is up to the event loop.
    const children = childNames(agent, spans);
    expect([children[0], children[3]]).toEqual(['chat gpt-4.1-mini', 'chat gpt-4.1-mini']);
    expect(children.slice(1, 3).sort()).toEqual(['execute_tool get_local_time', 'execute_tool get_weather']);
    expect(children).toHaveLength(4);
    expect(agent.attributes['openai_agents.agent.tools']).toEqual(['get_weather', 'get_local_time']);

    const weather = named(spans, 'execute_tool get_weather');
    expect(weather.attributes['gen_ai.tool.name']).toBe('get_weather');
    expect(weather.attributes['gen_ai.tool.type']).toBe('function');
    expect(weather.attributes['gen_ai.operation.name']).toBe('execute_tool');
    expect(weather.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(parentOf(named(spans, 'lookup weather'), spans)).toBe(weather);

    const time = named(spans, 'execute_tool get_local_time');
    expect(parentOf(named(spans, 'lookup time'), spans)).toBe(time);
    expect(time.status.code).toBe(SpanStatusCode.ERROR);
    // The SDK reports the failure and redacts its details from tracing by default.
    expect(time.status.message).toMatch(/^Error running tool/);

    // Exactly one inference span per HTTP call, and its tokens counted once.
    const chats = chatSpans(spans);
    expect(chats.map((chat) => chat.attributes['gen_ai.usage.input_tokens'])).toEqual([96, 150]);
    const tokens = await histogram('gen_ai.client.token.usage');
    const input = tokens.filter((point) => point.attributes['gen_ai.token.type'] === 'input');
    expect(input.reduce((sum, point) => sum + point.sum, 0)).toBe(246);
    // Content capture is off by default.
    expect(weather.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(weather.attributes['gen_ai.tool.call.result']).toBeUndefined();
  });

  it('records tool arguments and results when content capture is on', async () => {
    queueToolReplies();
    await withContentCapture(true, () => agents.run(weatherAgent(), 'Weather and time in Paris?'));
    const weather = named(finishedSpans(), 'execute_tool get_weather');
    expect(weather.attributes['gen_ai.tool.call.arguments']).toBe('{"city":"Paris"}');
    expect(weather.attributes['gen_ai.tool.call.result']).toBe('18°C and sunny in Paris');
  });
});

describe('a handoff between two agents', () => {
  it('shows the handoff under the first agent and the second agent with its own model call', async () => {
    const billing = new agents.Agent({
      name: 'Billing',
      instructions: 'Answer billing.',
      model: 'gpt-4.1-mini',
    });
    const triage = agents.Agent.create({
      name: 'Triage',
      instructions: 'Route.',
      model: 'gpt-4.1-mini',
      handoffs: [billing],
    });
    wire.enqueue(
      'POST /v1/responses',
      {
        kind: 'json',
        body: response({
          functionCalls: [{ callId: 'call_h1', name: 'transfer_to_Billing', arguments: '{}' }],
        }),
      },
      { kind: 'json', body: response({ text: 'Your invoice is paid.' }) },
    );
    const result = await agents.run(triage, 'Is my invoice paid?');
    expect(result.finalOutput).toBe('Your invoice is paid.');

    const spans = finishedSpans();
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    const triageSpan = named(spans, 'invoke_agent Triage');
    const handoff = named(spans, 'handoff Billing');
    expect(parentOf(handoff, spans)).toBe(triageSpan);
    expect(handoff.attributes['openai_agents.handoff.from_agent']).toBe('Triage');
    expect(handoff.attributes['openai_agents.handoff.to_agent']).toBe('Billing');
    expect(triageSpan.attributes['openai_agents.agent.handoffs']).toEqual(['Billing']);
    const billingSpan = named(spans, 'invoke_agent Billing');
    expect(parentOf(billingSpan, spans)).toBe(parentOf(triageSpan, spans));
    expect(childNames(billingSpan, spans)).toEqual(['chat gpt-4.1-mini']);
    expect(chatSpans(spans)).toHaveLength(2);
  });
});

describe('traces, groups and custom spans', () => {
  it('names the workflow after the trace, its group id as the agents’ gen_ai.conversation.id, custom spans as INTERNAL spans', async () => {
    wire.enqueue('POST /v1/responses', { kind: 'json', body: response({ text: 'Done.' }) });
    const agent = new agents.Agent({ name: 'Worker', model: 'gpt-4.1-mini' });
    await agents.withTrace(
      'Support ticket',
      async () => {
        await agents.withCustomSpan(
          async () => {
            await tracer.startActiveSpan('inside custom', async (span) => span.end());
          },
          { data: { name: 'prepare ticket', data: { ticket: 42 } } },
        );
        await agents.run(agent, 'Close ticket 42');
      },
      { groupId: 'thread_42' },
    );
    const spans = finishedSpans();
    const workflow = named(spans, 'invoke_workflow Support ticket');
    // The conventions list gen_ai.conversation.id on agent spans, not on invoke_workflow.
    expect(workflow.attributes['gen_ai.conversation.id']).toBeUndefined();
    const agentSpan = named(spans, 'invoke_agent Worker');
    expect(parentOf(agentSpan, spans)).toBe(workflow);
    expect(agentSpan.attributes['gen_ai.conversation.id']).toBe('thread_42');
    const custom = named(spans, 'prepare ticket');
    expect(custom.kind).toBe(SpanKind.INTERNAL);
    expect(custom.attributes['openai_agents.span.type']).toBe('custom');
    expect(parentOf(custom, spans)).toBe(workflow);
    expect(parentOf(named(spans, 'inside custom'), spans)).toBe(custom);
  });
});
