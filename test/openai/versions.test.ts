import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getSharedOpenAIInstrumentation, instrument } from '../../instrumentations/openai';
import { finishedSpans, onlySpan, resetTelemetry, sleep } from '../support/instrumentation-telemetry';
import {
  chatCompletion,
  chatCompletionChunks,
  embeddingList,
  errorReply,
  type OpenAIWireServer,
  response,
  responseEvents,
  startOpenAIWireServer,
} from '../support/openai-wire-server';
import { requireFromRoot } from './support/load-openai';

/**
 * Every supported major through the manual `instrument()` path (the aliased packages are not
 * named `openai`, so module hooks never see them, exactly like a bundled app).
 */
const MAJORS = ['openai-v4', 'openai-v5', 'openai-v6', 'openai'] as const;

// Loose types: the four majors' typings differ; the wire behaviour under test does not.
// biome-ignore lint/suspicious/noExplicitAny: each major returns its own APIPromise/Stream types.
type Loose = any;
type AnyClient = {
  chat: { completions: { create(body: object, options?: object): Loose } };
  responses: { create(body: object): Loose };
  embeddings: { create(body: object): Loose };
};

let server: OpenAIWireServer;
beforeAll(async () => {
  server = await startOpenAIWireServer();
});
afterAll(() => server.close());

describe.each(MAJORS)('%s via instrument()', (packageName) => {
  const module = requireFromRoot(packageName) as {
    OpenAI: new (options: object) => AnyClient;
    version?: string;
  };
  const { Stream } = requireFromRoot(`${packageName}/streaming`) as {
    Stream: new (...args: never[]) => unknown;
  };
  const instrumentation = instrument(module);
  let client: AnyClient;

  beforeAll(() => {
    client = new module.OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL });
  });
  beforeEach(() => {
    server.reset();
    resetTelemetry([instrumentation]);
    instrumentation.setConfig({});
  });

  it('is the shared instance, and patching twice does not wrap twice', () => {
    expect(instrumentation).toBe(getSharedOpenAIInstrumentation());
    expect(instrumentation.patch(module)).toBe(0);
  });

  it('records chat completions and keeps .withResponse()', async () => {
    server.enqueue('POST /v1/chat/completions', {
      kind: 'json',
      body: chatCompletion({ usage: { prompt: 10, completion: 3, cached: 4 } }),
    });
    const { data, response: raw } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0].message.content).toBe('Atlantic Ocean.');
    expect(raw.headers.get('x-request-id')).toMatch(/^req_/);
    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(4);
    expect(span.attributes['gen_ai.response.id']).toBe(data.id);
  });

  it('follows a stream to its include_usage chunk, keeping the SDK Stream and .tee()', async () => {
    server.enqueue('POST /v1/chat/completions', {
      kind: 'sse',
      events: chatCompletionChunks({ includeUsage: true }),
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(stream).toBeInstanceOf(Stream);
    const [left, right] = stream.tee();
    let text = '';
    for await (const chunk of left) text += chunk.choices[0]?.delta?.content ?? '';
    for await (const _ of right);
    expect(text).toBe('Atlantic Ocean.');
    const span = onlySpan();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(4);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('ends the span exactly once when the consumer breaks', async () => {
    server.enqueue('POST /v1/chat/completions', { kind: 'sse', events: chatCompletionChunks(), delayMs: 5 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [], stream: true });
    for await (const _ of stream) break;
    await sleep(40);
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('records Responses API calls, streaming and not', async () => {
    server.enqueue(
      'POST /v1/responses',
      { kind: 'json', body: response() },
      { kind: 'sse', events: responseEvents() },
    );
    await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi' });
    const stream = await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi', stream: true });
    for await (const _ of stream);
    const spans = finishedSpans();
    expect(spans.map((span) => span.attributes['openai.api.type'])).toEqual(['responses', 'responses']);
    expect(spans.map((span) => span.attributes['gen_ai.usage.output_tokens'])).toEqual([87, 87]);
  });

  it('records embeddings', async () => {
    server.enqueue('POST /v1/embeddings', { kind: 'json', body: embeddingList({ dimensions: 12 }) });
    await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hi',
      encoding_format: 'float',
    });
    expect(onlySpan().attributes['gen_ai.embeddings.dimension.count']).toBe(12);
  });

  it('keeps a 429-then-200 retry in one span', async () => {
    server.enqueue('POST /v1/chat/completions', errorReply(429), { kind: 'json', body: chatCompletion() });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });
    expect(server.requests).toHaveLength(2);
    expect(onlySpan().status.code).toBe(SpanStatusCode.UNSET);
  });
});
