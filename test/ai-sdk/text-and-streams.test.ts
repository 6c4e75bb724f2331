import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { anthropicMessage, messageEvents } from '../support/anthropic-wire-server';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  resetTelemetry,
  sleep,
} from '../support/instrumentation-telemetry';
import { chatCompletion, errorReply, response, responseEvents } from '../support/openai-wire-server';
import { useAnthropicWireServer } from '../support/use-anthropic-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { ai, createAnthropic, createOpenAI, instrumentation } from './support/load-ai-sdk';
import { childNames, parentOf, spanNamed, spansOf } from './support/tree';

const openaiWire = useOpenAIWireServer();
const anthropicWire = useAnthropicWireServer();
const openai = () => createOpenAI({ apiKey: 'sk-test', baseURL: openaiWire.baseURL });
const anthropic = () => createAnthropic({ apiKey: 'sk-ant-test', baseURL: `${anthropicWire.url}/v1` });

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

describe('generateText (ai 7, no code change)', () => {
  it('OpenAI Responses: invoke_workflow → one chat span with the model, usage and response', async () => {
    openaiWire.enqueue('POST /v1/responses', {
      kind: 'json',
      body: response({ text: 'Hello there.', usage: { input: 42, output: 9, cached: 32, reasoning: 4 } }),
    });
    const result = await ai.generateText({
      model: openai()('gpt-4.1-mini'),
      prompt: 'Say hi',
      temperature: 0.2,
      maxOutputTokens: 64,
    });
    expect(result.text).toBe('Hello there.');

    const root = spanNamed('invoke_workflow generateText');
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.kind).toBe(SpanKind.INTERNAL);
    expect(childNames(root)).toEqual(['chat gpt-4.1-mini']);
    const chat = spanNamed('chat gpt-4.1-mini');
    expect(chat.kind).toBe(SpanKind.CLIENT);
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 42,
      'gen_ai.usage.output_tokens': 9,
      'gen_ai.usage.cache_read.input_tokens': 32,
      'gen_ai.usage.reasoning.output_tokens': 4,
    });
    expect(String(chat.attributes['gen_ai.response.id'])).toMatch(/^resp_/);
    expect(chat.attributes['gen_ai.request.stream']).toBeUndefined();
    expect(chat.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(typeof chat.attributes['genai_otel.cost.usd']).toBe('number');

    const durations = await histogram('gen_ai.client.operation.duration');
    expect(durations).toHaveLength(1);
    expect(durations[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1-mini',
      'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
    });
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => [point.attributes['gen_ai.token.type'], point.sum]).sort()).toEqual([
      ['input', 42],
      ['output', 9],
    ]);
  });

  it('OpenAI Chat Completions, content captured: messages, system instructions and output as GenAI parts', async () => {
    openaiWire.enqueue('POST /v1/chat/completions', {
      kind: 'json',
      body: chatCompletion({ choices: [{ content: 'Paris.' }] }),
    });
    await withContentCapture(true, () =>
      ai.generateText({
        model: openai().chat('gpt-4o-mini'),
        system: 'Answer in one word.',
        messages: [{ role: 'user', content: 'Capital of France?' }],
        telemetry: { functionId: 'capital-lookup' },
      }),
    );
    const root = spanNamed('invoke_workflow capital-lookup');
    expect(root.attributes['gen_ai.workflow.name']).toBe('capital-lookup');
    const chat = spanNamed('chat gpt-4o-mini');
    expect(parentOf(chat)).toBe(root);
    expect(String(chat.attributes['gen_ai.response.id'])).toMatch(/^chatcmpl-/);
    expect(jsonAttribute(chat, 'gen_ai.system_instructions')).toEqual([
      { type: 'text', content: 'Answer in one word.' },
    ]);
    expect(jsonAttribute(chat, 'gen_ai.input.messages')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Capital of France?' }] },
    ]);
    expect(jsonAttribute(chat, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Paris.' }], finish_reason: 'stop' },
    ]);
    expect(jsonAttribute(root, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Paris.' }], finish_reason: 'stop' },
    ]);
  });

  it('Anthropic: provider anthropic, input tokens include cache reads and writes', async () => {
    anthropicWire.enqueue({
      kind: 'message',
      body: anthropicMessage({ usage: { input: 20, output: 12, cacheRead: 100, cacheWrite: 30 } }),
    });
    await ai.generateText({ model: anthropic()('claude-sonnet-4-6'), prompt: 'Where is Bouvet Island?' });
    const chat = spanNamed('chat claude-sonnet-4-6');
    expect(chat.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 12,
      'gen_ai.usage.cache_read.input_tokens': 100,
      'gen_ai.usage.cache_creation.input_tokens': 30,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('a provider error: each HTTP attempt is a chat span with error.type = the status; the call fails', async () => {
    openaiWire.enqueue('POST /v1/responses', errorReply(500, 'boom'), errorReply(500, 'boom again'));
    await expect(
      ai.generateText({ model: openai()('gpt-4.1-mini'), prompt: 'hi', maxRetries: 1 }),
    ).rejects.toThrow();
    const chats = spansOf('chat');
    expect(chats).toHaveLength(2);
    for (const chat of chats) {
      expect(chat.status.code).toBe(SpanStatusCode.ERROR);
      expect(chat.attributes['error.type']).toBe('500');
    }
    const root = spanNamed('invoke_workflow generateText');
    expect(root.status.code).toBe(SpanStatusCode.ERROR);
    // The provider's own error, not the stand-in the SDK hands integrations in `onError`.
    expect(root.attributes['error.type']).toBe('APICallError');
    expect(chats.every((chat) => parentOf(chat) === root)).toBe(true);
    const durations = await histogram('gen_ai.client.operation.duration');
    expect(durations.map((point) => [point.attributes['error.type'], point.count])).toEqual([['500', 2]]);
  });
});

describe('generateObject (ai 7)', () => {
  it('is a workflow with one chat span whose output type is json', async () => {
    openaiWire.enqueue('POST /v1/responses', {
      kind: 'json',
      body: response({ text: '{"city":"Paris","country":"France"}' }),
    });
    const { object } = await ai.generateObject({
      model: openai()('gpt-4.1-mini'),
      schema: ai.jsonSchema<{ city: string; country: string }>({
        type: 'object',
        properties: { city: { type: 'string' }, country: { type: 'string' } },
        required: ['city', 'country'],
        additionalProperties: false,
      }),
      prompt: 'Capital of France?',
    });
    expect(object).toEqual({ city: 'Paris', country: 'France' });
    const root = spanNamed('invoke_workflow generateObject');
    expect(childNames(root)).toEqual(['chat gpt-4.1-mini']);
    const chat = spanNamed('chat gpt-4.1-mini');
    expect(chat.attributes).toMatchObject({
      'gen_ai.output.type': 'json',
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
      'gen_ai.usage.output_tokens': 87,
    });
  });
});

describe('streamText (ai 7)', () => {
  it('read to the end: stream flag, time to first chunk and one per-chunk interval per later chunk', async () => {
    openaiWire.enqueue('POST /v1/responses', {
      kind: 'sse',
      events: responseEvents({ deltas: ['Atl', 'ant', 'ic', ' Ocean.'] }),
      delayMs: 5,
    });
    const result = ai.streamText({ model: openai()('gpt-4.1-mini'), prompt: 'Which ocean?' });
    let text = '';
    for await (const piece of result.textStream) text += piece;
    expect(text).toBe('Atlantic Ocean.');
    await result.consumeStream();

    const root = spanNamed('invoke_workflow streamText');
    const chat = spanNamed('chat gpt-4.1-mini');
    expect(parentOf(chat)).toBe(root);
    expect(chat.attributes['gen_ai.request.stream']).toBe(true);
    expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(chat.attributes['gen_ai.usage.output_tokens']).toBe(87);
    const firstChunk = await histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk.map((point) => point.count)).toEqual([1]);
    const perChunk = await histogram('gen_ai.client.operation.time_per_output_chunk');
    expect(perChunk.map((point) => point.count)).toEqual([3]);
  });

  it('Anthropic stream: usage from the stream, provider anthropic', async () => {
    anthropicWire.enqueue({ kind: 'events', events: messageEvents({ usage: { input: 8, output: 11 } }) });
    const result = ai.streamText({ model: anthropic()('claude-sonnet-4-6'), prompt: 'Where is Bouvet?' });
    expect(await result.text).toBe('Bouvet Island lies in the South Atlantic Ocean.');
    const chat = spanNamed('chat claude-sonnet-4-6');
    expect(chat.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 8,
      'gen_ai.usage.output_tokens': 11,
    });
    expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('a `break` after the first chunk: the spans end (marked unconsumed) once the stream sits unread', async () => {
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 150 });
    openaiWire.enqueue('POST /v1/responses', {
      kind: 'sse',
      events: responseEvents({ deltas: ['a', 'b', 'c', 'd', 'e'] }),
      delayMs: 10,
    });
    const result = ai.streamText({ model: openai()('gpt-4.1-mini'), prompt: 'Letters?' });
    for await (const piece of result.textStream) {
      expect(piece).toBe('a');
      break;
    }
    expect(finishedSpans().filter((span) => span.name.startsWith('invoke_workflow'))).toHaveLength(0);
    await sleep(600);
    const root = spanNamed('invoke_workflow streamText');
    expect(root.attributes['genai_otel.response.unconsumed']).toBe(true);
    const chat = spanNamed('chat gpt-4.1-mini');
    expect(parentOf(chat)).toBe(root);
    expect(chat.endTime).toBeDefined();
  });

  it('a slow model is not taken for an unread stream: waiting for the provider counts as progress', async () => {
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 100 });
    openaiWire.enqueue('POST /v1/responses', { kind: 'sse', events: responseEvents(), delayMs: 150 });
    const result = ai.streamText({ model: openai()('gpt-4.1-mini'), prompt: 'Which ocean?' });
    expect(await result.text).toBe('Atlantic Ocean.');
    await result.consumeStream();
    const root = spanNamed('invoke_workflow streamText');
    expect(root.attributes['genai_otel.response.unconsumed']).toBeUndefined();
    const chat = spanNamed('chat gpt-4.1-mini');
    expect(chat.attributes['genai_otel.response.unconsumed']).toBeUndefined();
    expect(chat.attributes['gen_ai.usage.output_tokens']).toBe(87);
  });

  it('an abort mid-stream: the chat and workflow spans end at once, marked cancelled', async () => {
    openaiWire.enqueue('POST /v1/responses', {
      kind: 'sse',
      events: responseEvents({ deltas: ['a', 'b', 'c', 'd', 'e', 'f'] }),
      delayMs: 30,
    });
    const controller = new AbortController();
    const result = ai.streamText({
      model: openai()('gpt-4.1-mini'),
      prompt: 'Letters?',
      abortSignal: controller.signal,
    });
    for await (const piece of result.textStream) {
      if (piece === 'b') controller.abort();
    }
    await sleep(20);
    const root = spanNamed('invoke_workflow streamText');
    expect(root.attributes['genai_otel.stream.cancelled']).toBe(true);
    const chat = spanNamed('chat gpt-4.1-mini');
    expect(parentOf(chat)).toBe(root);
    expect(chat.attributes['genai_otel.stream.cancelled']).toBe(true);
    expect(chat.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(finishedSpans()).toHaveLength(2);
  });
});
