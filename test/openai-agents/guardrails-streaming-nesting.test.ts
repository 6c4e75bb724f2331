import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { finishedSpans } from '../support/instrumentation-telemetry';
import { response, responseEvents } from '../support/openai-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import {
  agents,
  agentsInstrumentation,
  resetAgentsTelemetry,
  useWireServerClient,
} from './support/load-agents';
import { chatSpans, childNames, named, parentOf } from './support/span-tree';

const wire = useOpenAIWireServer();
beforeEach(() => {
  resetAgentsTelemetry();
  useWireServerClient(wire.baseURL);
});

/** Waits until every span the SDK opened has ended (the SDK ends some after run() returns). */
async function allSpansEnded(): Promise<void> {
  for (let attempt = 0; attempt < 100 && agentsInstrumentation.bridge.tracker.openRunCount > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(agentsInstrumentation.bridge.tracker.openRunCount).toBe(0);
}

describe('input and output guardrails', () => {
  const politeOnly: import('@openai/agents').InputGuardrail = {
    name: 'polite_only',
    execute: async ({ input }) => ({
      tripwireTriggered: String(input).includes('stupid'),
      outputInfo: { checked: true },
    }),
  };
  const noSecrets: import('@openai/agents').OutputGuardrail = {
    name: 'no_secrets',
    execute: async () => ({ tripwireTriggered: false, outputInfo: {} }),
  };
  const guarded = () =>
    new agents.Agent({
      name: 'Guarded',
      model: 'gpt-4.1-mini',
      inputGuardrails: [politeOnly],
      outputGuardrails: [noSecrets],
    });

  it('records each guardrail as a span saying whether it tripped', async () => {
    wire.enqueue('POST /v1/responses', { kind: 'json', body: response({ text: 'Hello!' }) });
    await agents.run(guarded(), 'Hello there');
    await allSpansEnded();
    const spans = finishedSpans();
    const input = named(spans, 'guardrail polite_only');
    const output = named(spans, 'guardrail no_secrets');
    expect(input.attributes['openai_agents.guardrail.triggered']).toBe(false);
    expect(output.attributes['openai_agents.guardrail.triggered']).toBe(false);
    expect(parentOf(input, spans)?.name).toBe('invoke_agent Guarded');
    expect(parentOf(output, spans)?.name).toBe('invoke_agent Guarded');
  });

  it('marks a tripped input guardrail, and the run ends in error as the SDK reports it', async () => {
    wire.enqueue('POST /v1/responses', { kind: 'json', body: response({ text: 'Hello!' }) });
    await expect(agents.run(guarded(), 'you stupid bot')).rejects.toThrow(
      agents.InputGuardrailTripwireTriggered,
    );
    await allSpansEnded();
    const spans = finishedSpans();
    const input = named(spans, 'guardrail polite_only');
    expect(input.attributes['openai_agents.guardrail.triggered']).toBe(true);
    const agent = named(spans, 'invoke_agent Guarded');
    expect(agent.status.code).toBe(SpanStatusCode.ERROR);
    expect(agent.status.message).toMatch(/guardrail/i);
  });
});

describe('a streamed run', () => {
  it('ends every span when the consumer breaks out early, with the streamed call traced once', async () => {
    wire.enqueue('POST /v1/responses', {
      kind: 'sse',
      events: responseEvents({ deltas: ['The', ' Atlantic', ' Ocean', '.'] }),
      delayMs: 5,
    });
    const agent = new agents.Agent({ name: 'Streamer', model: 'gpt-4.1-mini' });
    const result = await agents.run(agent, 'Which ocean?', { stream: true });
    for await (const event of result) {
      if (event.type === 'raw_model_stream_event') break;
    }
    await allSpansEnded();
    const spans = finishedSpans();
    const agentSpan = named(spans, 'invoke_agent Streamer');
    const chats = chatSpans(spans);
    expect(chats).toHaveLength(1);
    expect(parentOf(chats[0], spans)).toBe(agentSpan);
    expect(chats[0]?.attributes['gen_ai.request.stream']).toBe(true);
  });

  it('ends every span of a stream read to the end', async () => {
    wire.enqueue('POST /v1/responses', {
      kind: 'sse',
      events: responseEvents({ deltas: ['Atlantic', '.'] }),
    });
    const agent = new agents.Agent({ name: 'Streamer', model: 'gpt-4.1-mini' });
    const result = await agents.run(agent, 'Which ocean?', { stream: true });
    for await (const _event of result) {
      // read it all
    }
    await result.completed;
    expect(result.finalOutput).toBe('Atlantic.');
    await allSpansEnded();
    const spans = finishedSpans();
    expect(chatSpans(spans).map((chat) => chat.attributes['gen_ai.usage.output_tokens'])).toEqual([87]);
    expect(parentOf(named(spans, 'invoke_agent Streamer'), spans)?.name).toBe(
      'invoke_workflow Agent workflow',
    );
  });
});

describe('an agent used as a tool', () => {
  it('nests the inner agent and its model call under the outer execute_tool', async () => {
    const translator = new agents.Agent({
      name: 'Translator',
      instructions: 'Translate.',
      model: 'gpt-4.1-mini',
    });
    const orchestrator = new agents.Agent({
      name: 'Orchestrator',
      model: 'gpt-4.1-mini',
      tools: [translator.asTool({ toolName: 'translate', toolDescription: 'Translate text' })],
    });
    wire.enqueue(
      'POST /v1/responses',
      {
        kind: 'json',
        body: response({
          functionCalls: [{ callId: 'call_t1', name: 'translate', arguments: '{"input":"hello"}' }],
        }),
      },
      { kind: 'json', body: response({ text: 'bonjour' }) },
      { kind: 'json', body: response({ text: 'It is "bonjour".' }) },
    );
    const result = await agents.run(orchestrator, 'Say hello in French');
    expect(result.finalOutput).toBe('It is "bonjour".');
    await allSpansEnded();

    const spans = finishedSpans();
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    const outer = named(spans, 'invoke_agent Orchestrator');
    const tool = named(spans, 'execute_tool translate');
    expect(parentOf(tool, spans)).toBe(outer);
    const inner = named(spans, 'invoke_agent Translator');
    expect(parentOf(inner, spans)).toBe(tool);
    expect(childNames(inner, spans)).toEqual(['chat gpt-4.1-mini']);
    expect(childNames(outer, spans)).toEqual([
      'chat gpt-4.1-mini',
      'execute_tool translate',
      'chat gpt-4.1-mini',
    ]);
    expect(chatSpans(spans)).toHaveLength(3);
  });
});
