import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { providerNameOf } from '../../instrumentations/ai-sdk';
import { finishedSpans, resetTelemetry, sleep } from '../support/instrumentation-telemetry';
import { chatCompletion, responseEvents } from '../support/openai-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { ai, createOpenAI, instrumentation } from './support/load-ai-sdk';
import { childNames, parentOf, spanNamed, spansOf } from './support/tree';

const wire = useOpenAIWireServer();
const provider = () => createOpenAI({ apiKey: 'sk-test', baseURL: wire.baseURL });
const cityInput = ai.jsonSchema<{ city: string }>({
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
});

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

function toolCallReply(name: string, args: string) {
  return {
    kind: 'json' as const,
    body: chatCompletion({
      choices: [
        {
          content: null,
          toolCalls: [{ id: `call_${name}`, name, arguments: args }],
          finishReason: 'tool_calls',
        },
      ],
    }),
  };
}

describe('ToolLoopAgent (ai 7)', () => {
  it('generate(): invoke_agent named by its functionId, with the loop under it', async () => {
    wire.enqueue('POST /v1/chat/completions', toolCallReply('get_weather', '{"city":"Oslo"}'), {
      kind: 'json',
      body: chatCompletion({ choices: [{ content: 'Cold.' }] }),
    });
    const agent = new ai.ToolLoopAgent({
      model: provider().chat('gpt-4o-mini'),
      tools: { get_weather: ai.tool({ inputSchema: cityInput, execute: async () => ({ celsius: -3 }) }) },
      telemetry: { functionId: 'travel_agent' },
    });
    const result = await agent.generate({ prompt: 'Weather in Oslo?' });
    expect(result.text).toBe('Cold.');
    const root = spanNamed('invoke_agent travel_agent');
    expect(childNames(root)).toEqual(['chat gpt-4o-mini', 'execute_tool get_weather', 'chat gpt-4o-mini']);
  });
});

describe('nesting', () => {
  it('a generateText inside a tool is a child of execute_tool', async () => {
    wire.enqueue(
      'POST /v1/chat/completions',
      toolCallReply('summarise', '{"city":"Rome"}'),
      { kind: 'json', body: chatCompletion({ choices: [{ content: 'Rome is warm.' }] }) },
      { kind: 'json', body: chatCompletion({ choices: [{ content: 'Done.' }] }) },
    );
    await ai.generateText({
      model: provider().chat('gpt-4o-mini'),
      prompt: 'Summarise Rome',
      tools: {
        summarise: ai.tool({
          inputSchema: cityInput,
          execute: async ({ city }) =>
            (
              await ai.generateText({
                model: provider().chat('gpt-4o-mini'),
                prompt: `Weather in ${city}?`,
                telemetry: { functionId: 'inner' },
              })
            ).text,
        }),
      },
      stopWhen: ai.isStepCount(2),
      telemetry: { functionId: 'outer' },
    });
    const inner = spanNamed('invoke_workflow inner');
    expect(parentOf(inner)?.name).toBe('execute_tool summarise');
    expect(parentOf(parentOf(inner) as never)?.name).toBe('invoke_agent outer');
    expect(spansOf('chat')).toHaveLength(3);
    expect(new Set(finishedSpans().map((span) => span.spanContext().traceId)).size).toBe(1);
  });
});

describe('a stream that fails mid-way (ai 7)', () => {
  it('the connection drops after two parts: chat and workflow spans end with an error', async () => {
    wire.enqueue('POST /v1/responses', {
      kind: 'sse',
      events: responseEvents({ deltas: ['a', 'b', 'c', 'd'] }),
      destroyAfter: 5,
    });
    const result = ai.streamText({ model: provider()('gpt-4.1-mini'), prompt: 'Letters?' });
    await expect(result.consumeStream({ onError: () => {} }).then(() => result.text)).rejects.toThrow();
    await sleep(20);
    const root = spanNamed('invoke_workflow streamText');
    const chat = spanNamed('chat gpt-4.1-mini');
    expect(parentOf(chat)).toBe(root);
    expect(chat.status.code).toBe(SpanStatusCode.ERROR);
    expect(root.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('providerNameOf', () => {
  it.each([
    ['openai.responses', 'openai'],
    ['openai.chat', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['google.generative-ai', 'gcp.gemini'],
    ['google.vertex.chat', 'gcp.vertex_ai'],
    ['amazon-bedrock', 'aws.bedrock'],
    ['azure.responses', 'azure.ai.openai'],
    ['mistral.chat', 'mistral_ai'],
    ['xai.chat', 'x_ai'],
    ['my-gateway.chat', 'my-gateway.chat'],
    ['openaicompatible', 'openaicompatible'],
  ])('%s → %s', (providerId, expected) => {
    expect(providerNameOf(providerId)).toBe(expected);
  });
});
