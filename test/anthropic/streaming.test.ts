import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { errorEvent, messageEvents, toolUse } from '../support/anthropic-wire-server';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  onlySpan,
  resetTelemetry,
  sleep,
} from '../support/instrumentation-telemetry';
import { useInstrumentedAnthropic } from './support/instrumented-anthropic';

const { instrumentation, server, client } = useInstrumentedAnthropic({ maxRetries: 0 });

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

const MODEL = 'claude-sonnet-4-6';
const MESSAGES = [{ role: 'user', content: 'Which ocean contains Bouvet Island?' }];
const USAGE = { input: 25, output: 31, cacheRead: 2048, cacheWrite: 0 };

function createStream(extra: object = {}, options?: object) {
  return client.messages.create(
    { model: MODEL, max_tokens: 256, messages: MESSAGES, stream: true, ...extra },
    options,
  );
}

describe('messages.create({ stream: true }): endings', () => {
  it('completes: usage from message_start and message_delta, time to first chunk, chunk metrics', async () => {
    const events = messageEvents({ usage: USAGE });
    server.enqueue({ kind: 'events', events });
    const stream = await createStream();
    let text = '';
    for await (const event of stream) if (event.type === 'content_block_delta') text += event.delta.text;
    expect(text).toBe('Bouvet Island lies in the South Atlantic Ocean.');

    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 25 + 2048,
      'gen_ai.usage.output_tokens': 31,
      'gen_ai.usage.cache_read.input_tokens': 2048,
      'gen_ai.response.model': MODEL,
    });
    expect(span.attributes['gen_ai.response.id']).toMatch(/^msg_01/);
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttfc).toBeGreaterThan(0);
    expect(ttfc).toBeLessThan(5);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    const [perChunk] = await histogram('gen_ai.client.operation.time_per_output_chunk');
    // Every event but `ping` (the SDK drops it) reaches the app; the first starts the clock.
    expect(perChunk?.count).toBe(events.filter((e) => e.type !== 'ping').length - 1);
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => point.sum)).toEqual([2073, 31]);
  });

  it('assembles tool input from input_json_delta and thinking from thinking_delta (content capture on)', async () => {
    const call = toolUse('get_weather', { city: 'Oslo', unit: 'celsius' });
    server.enqueue({
      kind: 'events',
      events: messageEvents({
        stopReason: 'tool_use',
        content: [
          { type: 'thinking', thinking: 'Need the weather tool for Oslo.', signature: 'EqQBCkYIBxgC' },
          { type: 'text', text: 'Checking.' },
          call,
        ],
      }),
    });
    await withContentCapture(true, async () => {
      for await (const _ of await createStream());
    });
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        finish_reason: 'tool_call',
        parts: [
          { type: 'reasoning', content: 'Need the weather tool for Oslo.' },
          { type: 'text', content: 'Checking.' },
          {
            type: 'tool_call',
            id: call.id,
            name: 'get_weather',
            arguments: { city: 'Oslo', unit: 'celsius' },
          },
        ],
      },
    ]);
  });

  it('early break: ends once, with the partial output and finish reason error', async () => {
    const events = messageEvents({ usage: USAGE });
    server.enqueue({ kind: 'events', events, delayMs: 2 });
    await withContentCapture(true, async () => {
      let deltas = 0;
      for await (const event of await createStream()) {
        if (event.type === 'content_block_delta' && ++deltas === 2) break;
      }
    });
    await sleep(30);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    // message_start's input counts are known; the output count is not final before message_delta.
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(2073);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', finish_reason: 'error', parts: [{ type: 'text', content: 'Bouvet Island li' }] },
    ]);
  });

  it('abort: the controller ends the stream quietly; the span ends once, not as an error', async () => {
    server.enqueue({ kind: 'events', events: messageEvents(), delayMs: 5 });
    const stream = await createStream();
    let seen = 0;
    for await (const _ of stream) if (++seen === 3) stream.controller.abort();
    await sleep(20);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('an error event mid-stream (overloaded_error) fails the span with the SDK error, once', async () => {
    const events = messageEvents();
    server.enqueue({
      kind: 'events',
      events: [...events.slice(0, 5), errorEvent('overloaded_error', 'Overloaded')],
    });
    const stream = await createStream();
    await expect(async () => {
      for await (const _ of stream);
    }).rejects.toThrow(/Overloaded/);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    // The SDK throws its generic APIError for an error event; error.type is the API's error type.
    expect(span.attributes['error.type']).toBe('overloaded_error');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(String(span.events[0]?.attributes?.['exception.message'])).toContain('overloaded_error');
  });

  it('a connection lost mid-stream fails the span once', async () => {
    server.enqueue({ kind: 'events', events: messageEvents(), destroyAfter: 4 });
    const stream = await createStream();
    await expect(async () => {
      for await (const _ of stream);
    }).rejects.toThrow();
    expect(onlySpan().status.code).toBe(SpanStatusCode.ERROR);
  });

  it('never consumed: the unconsumed timeout ends the span, marked', async () => {
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 30 });
    server.enqueue({ kind: 'events', events: messageEvents() });
    const stream = await createStream();
    await sleep(120);
    const span = onlySpan();
    expect(span.attributes['genai_otel.response.unconsumed']).toBe(true);
    stream.controller.abort();
  });
});

describe('messages.stream() (MessageStream)', () => {
  it('keeps its events, text listener and finalMessage(); one span', async () => {
    server.enqueue({ kind: 'events', events: messageEvents({ usage: USAGE }) });
    const texts: string[] = [];
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: MESSAGES });
    stream.on('text', (text: string) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Bouvet Island lies in the South Atlantic Ocean.');
    expect(message.usage.output_tokens).toBe(31);
    await sleep(5);
    const span = onlySpan();
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(31);
    expect(span.attributes['gen_ai.response.id']).toBe(message.id);
  });

  it('abort(): one span, ended once', async () => {
    server.enqueue({ kind: 'events', events: messageEvents(), delayMs: 5 });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: MESSAGES });
    stream.on('text', () => stream.abort());
    await expect(stream.finalMessage()).rejects.toThrow();
    await sleep(30);
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('beta.messages.stream(): one span', async () => {
    server.enqueue({ kind: 'events', events: messageEvents() });
    const stream = client.beta.messages.stream({ model: MODEL, max_tokens: 256, messages: MESSAGES });
    await stream.finalMessage();
    await sleep(5);
    expect(finishedSpans().map((span) => span.name)).toEqual([`chat ${MODEL}`]);
  });
});
