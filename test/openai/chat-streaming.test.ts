import { SpanStatusCode } from '@opentelemetry/api';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  onlySpan,
  resetTelemetry,
  sleep,
} from '../support/instrumentation-telemetry';
import { chatCompletionChunks, type SseEvent } from '../support/openai-wire-server';
import { useInstrumentedOpenAI } from './support/instrumented-openai';
import { requireFromRoot } from './support/load-openai';

const { instrumentation, openai, server, client } = useInstrumentedOpenAI();
const { OpenAI } = openai;
const { Stream } = requireFromRoot('openai/streaming') as typeof import('openai/streaming');

const ROUTE = 'POST /v1/chat/completions';
const MESSAGES = [{ role: 'user' as const, content: 'Which ocean contains Bouvet Island?' }];

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

/** The file's usual streamed chat call (gpt-4o-mini, one user message), plus `extra` body fields. */
function createChatStream(
  extra: Omit<ChatCompletionCreateParamsStreaming, 'model' | 'messages' | 'stream'> = {},
) {
  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, stream: true, ...extra });
}

function streamReply(
  events: SseEvent[],
  extra: { delayMs?: number; destroyAfter?: number; stallAfter?: number } = {},
) {
  return { kind: 'sse' as const, events, ...extra };
}

/** Chunks the server sends (without the `[DONE]` sentinel). */
function chunkCount(events: SseEvent[]): number {
  return events.filter((event) => event.data !== '[DONE]').length;
}

describe('streaming chat completions: endings', () => {
  it('completes: usage from the include_usage chunk, time to first chunk, chunk metrics', async () => {
    const events = chatCompletionChunks({
      includeUsage: true,
      usage: { prompt: 31, completion: 3, cached: 16, reasoning: 0 },
    });
    server.enqueue(ROUTE, streamReply(events));
    const stream = await createChatStream({ stream_options: { include_usage: true } });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Atlantic Ocean.');

    const span = onlySpan();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(31);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(3);
    expect(span.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(16);
    expect(span.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-/);
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttfc).toBeGreaterThan(0);
    expect(ttfc).toBeLessThan(5);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);

    const [firstChunk] = await histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk?.count).toBe(1);
    expect(firstChunk?.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    const [perChunk] = await histogram('gen_ai.client.operation.time_per_output_chunk');
    expect(perChunk?.count).toBe(chunkCount(events) - 1);
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => point.sum)).toEqual([31, 3]);
  });

  it('never estimates usage when the request did not ask for it', async () => {
    server.enqueue(ROUTE, streamReply(chatCompletionChunks()));
    const stream = await createChatStream();
    for await (const _ of stream);
    const span = onlySpan();
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(await histogram('gen_ai.client.token.usage')).toEqual([]);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('assembles tool-call deltas and multiple choices into output messages', async () => {
    server.enqueue(
      ROUTE,
      streamReply(
        chatCompletionChunks({
          pieces: [[], ['Let me check.']],
          choices: [
            {
              toolCalls: [
                { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
                { id: 'call_b', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' },
              ],
            },
            {},
          ],
        }),
      ),
    );
    await withContentCapture(true, async () => {
      const stream = await createChatStream({ n: 2 });
      for await (const _ of stream);
    });
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call', 'stop']);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: 'call_a',
            name: 'get_weather',
            arguments: { city: 'Paris', unit: 'celsius' },
          },
          { type: 'tool_call', id: 'call_b', name: 'get_time', arguments: { tz: 'Europe/Paris' } },
        ],
        finish_reason: 'tool_call',
      },
      { role: 'assistant', parts: [{ type: 'text', content: 'Let me check.' }], finish_reason: 'stop' },
    ]);
  });

  it('ends the span once, with partial output and finish reason error, when the consumer breaks', async () => {
    server.enqueue(
      ROUTE,
      streamReply(chatCompletionChunks({ pieces: [['Atlantic', ' Ocean', '.', ' More', ' text']] }), {
        delayMs: 5,
      }),
    );
    await withContentCapture(true, async () => {
      const stream = await createChatStream();
      let seen = 0;
      for await (const _ of stream) {
        if (++seen === 2) break;
      }
    });
    await sleep(50);
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Atlantic' }], finish_reason: 'error' },
    ]);
    const [duration] = await histogram('gen_ai.client.operation.duration');
    expect(duration?.count).toBe(1);
  });

  it('ends the span when an AbortController aborts mid-stream', async () => {
    server.enqueue(ROUTE, streamReply(chatCompletionChunks(), { delayMs: 10, stallAfter: 3 }));
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: MESSAGES, stream: true },
      { signal: controller.signal },
    );
    const received: string[] = [];
    const consumed = (async () => {
      for await (const chunk of stream) {
        received.push(chunk.choices[0]?.delta.content ?? '');
        if (received.length === 2) controller.abort();
      }
    })();
    const outcome = await consumed.then(
      () => 'ended quietly',
      (error: unknown) => (error as Error).constructor.name,
    );
    await sleep(20);
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    if (outcome === 'ended quietly') expect(span.status.code).toBe(SpanStatusCode.UNSET);
    else expect(span.attributes['error.type']).toBe(outcome);
  });

  it('ends the span when stream.controller.abort() is called mid-stream', async () => {
    server.enqueue(ROUTE, streamReply(chatCompletionChunks(), { delayMs: 10, stallAfter: 3 }));
    const stream = await createChatStream();
    let seen = 0;
    for await (const _ of stream) {
      if (++seen === 2) stream.controller.abort();
    }
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a connection lost mid-stream as ERROR with the partial output', async () => {
    server.enqueue(ROUTE, streamReply(chatCompletionChunks(), { destroyAfter: 2 }));
    const error = await withContentCapture(true, async () => {
      const stream = await createChatStream();
      try {
        for await (const _ of stream);
        return undefined;
      } catch (caught) {
        return caught as Error;
      }
    });
    expect(error).toBeInstanceOf(Error);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe(error?.constructor.name);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Atlantic' }], finish_reason: 'error' },
    ]);
  });

  it('records an error event sent mid-stream as APIError', async () => {
    const events = chatCompletionChunks().slice(0, 2);
    events.push({
      data: {
        error: {
          message: 'The server had an error while processing your request.',
          type: 'server_error',
          code: null,
        },
      },
    });
    server.enqueue(ROUTE, streamReply(events));
    const stream = await createChatStream();
    await expect(
      (async () => {
        for await (const _ of stream);
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(onlySpan().attributes['error.type']).toBe('APIError');
  });

  it('ends a never-consumed stream after the unconsumed timeout, and the stream still works', async () => {
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 50 });
    server.enqueue(ROUTE, streamReply(chatCompletionChunks({ includeUsage: true })));
    const stream = await createChatStream({ stream_options: { include_usage: true } });
    expect(finishedSpans()).toHaveLength(0);
    await sleep(120);
    const span = onlySpan();
    expect(span.attributes['genai_otel.response.unconsumed']).toBe(true);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    // Reading it late is still the caller's right; telemetry just does not reopen the span.
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Atlantic Ocean.');
    expect(finishedSpans()).toHaveLength(1);
  });

  it('does not end a stream that is being read slowly', async () => {
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 30 });
    server.enqueue(ROUTE, streamReply(chatCompletionChunks({ includeUsage: true }), { delayMs: 25 }));
    const stream = await createChatStream({ stream_options: { include_usage: true } });
    for await (const _ of stream);
    const span = onlySpan();
    expect(span.attributes['genai_otel.response.unconsumed']).toBeUndefined();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(4);
  });
});

describe('streaming chat completions: the SDK stream object is preserved', () => {
  it('returns the SDK Stream (instanceof, controller) and supports .withResponse()', async () => {
    server.enqueue(ROUTE, streamReply(chatCompletionChunks()));
    const {
      data: stream,
      response,
      request_id,
    } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: MESSAGES, stream: true })
      .withResponse();
    expect(stream).toBeInstanceOf(Stream);
    expect(stream.controller).toBeInstanceOf(AbortController);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(request_id).toMatch(/^req_/);
    for await (const _ of stream);
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('supports .tee(): both branches see every chunk, one span', async () => {
    server.enqueue(ROUTE, streamReply(chatCompletionChunks({ includeUsage: true })));
    const stream = await createChatStream({ stream_options: { include_usage: true } });
    const [left, right] = stream.tee();
    const read = async (branch: typeof left) => {
      let text = '';
      for await (const chunk of branch) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    };
    expect(await Promise.all([read(left), read(right)])).toEqual(['Atlantic Ocean.', 'Atlantic Ocean.']);
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(4);
  });

  it('supports .toReadableStream() and Stream.fromReadableStream()', async () => {
    server.enqueue(ROUTE, streamReply(chatCompletionChunks({ includeUsage: true })));
    const stream = await createChatStream({ stream_options: { include_usage: true } });
    const readable = stream.toReadableStream();
    const roundTrip = Stream.fromReadableStream<{ choices: Array<{ delta: { content?: string } }> }>(
      readable,
      new AbortController(),
    );
    let text = '';
    for await (const chunk of roundTrip) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Atlantic Ocean.');
    expect(onlySpan().attributes['gen_ai.usage.input_tokens']).toBe(22);
  });

  it('follows the chat.completions.stream() helper in one span', async () => {
    server.enqueue(ROUTE, streamReply(chatCompletionChunks({ includeUsage: true })));
    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: MESSAGES,
      stream_options: { include_usage: true },
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('Atlantic Ocean.');
    const span = onlySpan();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(4);
  });
});
