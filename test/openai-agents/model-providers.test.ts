import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishedSpans, histogram } from '../support/instrumentation-telemetry';
import { chatCompletion, response } from '../support/openai-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import {
  agents,
  OpenAI,
  openaiInstrumentation,
  resetAgentsTelemetry,
  useWireServerClient,
} from './support/load-agents';
import { chatSpans, named, parentOf } from './support/span-tree';

const wire = useOpenAIWireServer();
beforeEach(() => {
  resetAgentsTelemetry();
  useWireServerClient(wire.baseURL);
});
afterEach(() => openaiInstrumentation.enable());

async function inputTokensCounted(): Promise<number> {
  const tokens = await histogram('gen_ai.client.token.usage');
  return tokens
    .filter((point) => point.attributes['gen_ai.token.type'] === 'input')
    .reduce((sum, point) => sum + point.sum, 0);
}

function chatCompletionsAgent() {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: wire.baseURL, maxRetries: 0 });
  return new agents.Agent({
    name: 'Classic',
    model: new agents.OpenAIChatCompletionsModel(client, 'gpt-4o-mini'),
  });
}

describe('the model behind the agent', () => {
  it('Chat Completions (generation spans): one chat span per call, the OpenAI instrumentation’s', async () => {
    wire.enqueue('POST /v1/chat/completions', {
      kind: 'json',
      body: chatCompletion({ choices: [{ content: 'Hi!' }], usage: { prompt: 12, completion: 3 } }),
    });
    const result = await agents.run(chatCompletionsAgent(), 'Hello');
    expect(result.finalOutput).toBe('Hi!');
    const spans = finishedSpans();
    const chats = chatSpans(spans);
    expect(chats.map((chat) => chat.name)).toEqual(['chat gpt-4o-mini']);
    expect(chats[0]?.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    expect(parentOf(chats[0], spans)).toBe(named(spans, 'invoke_agent Classic'));
    expect(await inputTokensCounted()).toBe(12);
  });

  it('a model call no provider instrumentation traced still gets its one inference span, from the SDK span', async () => {
    openaiInstrumentation.disable();
    wire.enqueue('POST /v1/chat/completions', {
      kind: 'json',
      body: chatCompletion({ choices: [{ content: 'Hi!' }], usage: { prompt: 12, completion: 3 } }),
    });
    await agents.run(chatCompletionsAgent(), 'Hello');
    const spans = finishedSpans();
    const chats = chatSpans(spans);
    expect(chats.map((chat) => chat.name)).toEqual(['chat gpt-4o-mini']);
    expect(chats[0]?.kind).toBe(SpanKind.CLIENT);
    expect(chats[0]?.attributes['gen_ai.usage.input_tokens']).toBe(12);
    expect(chats[0]?.attributes['gen_ai.usage.output_tokens']).toBe(3);
    // The SDK's own Chat Completions model names no provider on its span: it is the OpenAI client's.
    expect(chats[0]?.attributes['gen_ai.provider.name']).toBe('openai');
    expect(parentOf(chats[0], spans)).toBe(named(spans, 'invoke_agent Classic'));
    expect(named(spans, 'invoke_agent Classic').attributes['gen_ai.provider.name']).toBe('openai');
    expect(await inputTokensCounted()).toBe(12);
  });

  it('the same for the Responses model: usage, response id and model from the SDK’s response span', async () => {
    openaiInstrumentation.disable();
    wire.enqueue('POST /v1/responses', {
      kind: 'json',
      body: response({ id: 'resp_untraced_1', text: 'Hi!', usage: { input: 30, output: 4, cached: 10 } }),
    });
    await agents.run(new agents.Agent({ name: 'Modern', model: 'gpt-4.1-mini' }), 'Hello');
    const spans = finishedSpans();
    const chats = chatSpans(spans);
    expect(chats).toHaveLength(1);
    expect(chats[0]?.attributes['gen_ai.provider.name']).toBe('openai');
    expect(chats[0]?.attributes['gen_ai.response.id']).toBe('resp_untraced_1');
    expect(chats[0]?.attributes['gen_ai.response.model']).toBe('gpt-4.1-mini-2025-04-14');
    expect(chats[0]?.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(10);
    expect(parentOf(chats[0], spans)).toBe(named(spans, 'invoke_agent Modern'));
    expect(await inputTokensCounted()).toBe(30);
  });
});
