import { Readable } from 'node:stream';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { startSpan } from '../../src/tracing/start-span';
import { deferred, useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();

/** Runs with content capture on, so outputs are recorded and can be asserted. */
const captured = <T>(fn: () => T): T => withContentCapture(true, fn);

class Boom extends Error {
  override name = 'Boom';
}

describe('startSpan: plain values and promises', () => {
  it('ends when a sync function returns, and records the output', () => {
    const value = captured(() => startSpan('sync', { input: { q: 1 } }, () => 42));
    expect(value).toBe(42);
    const span = h.expectEndedOnce('sync');
    expect(span.attributes['genai_otel.output']).toBe('42');
    expect(span.attributes['genai_otel.input']).toBe('{"q":1}');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a sync throw and rethrows the same error', () => {
    const error = new Boom('bad');
    expect(() =>
      startSpan('sync-throw', {}, () => {
        throw error;
      }),
    ).toThrow(error);
    const span = h.expectEndedOnce('sync-throw');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad' });
    expect(span.attributes['error.type']).toBe('Boom');
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('rethrows non-Error values unchanged', () => {
    const thrown = { weird: true };
    let caught: unknown;
    try {
      startSpan('throw-object', {}, () => {
        throw thrown;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(thrown);
    expect(h.expectEndedOnce('throw-object').attributes['error.type']).toBe('_OTHER');
  });

  it('stays open until a promise resolves', async () => {
    const gate = deferred<string>();
    const result = captured(() => startSpan('async', {}, async () => gate.promise));
    await Promise.resolve();
    h.expectOpen('async');
    gate.resolve('done');
    expect(await result).toBe('done');
    expect(h.expectEndedOnce('async').attributes['genai_otel.output']).toBe('done');
  });

  it('records a rejection and rejects with the same reason', async () => {
    const error = new Boom('late');
    const gate = deferred<never>();
    const result = startSpan('async-reject', {}, () => gate.promise);
    await Promise.resolve();
    h.expectOpen('async-reject');
    gate.reject(error);
    await expect(result).rejects.toBe(error);
    expect(h.expectEndedOnce('async-reject').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('returns a Promise subclass as the same object and ends when it settles', async () => {
    class APIPromise<T> extends Promise<T> {
      withResponse() {
        return 'kept';
      }
    }
    const gate = deferred<number>();
    const apiPromise = new APIPromise<number>((resolve) => {
      gate.promise.then(resolve);
    });
    const result = startSpan('subclass', {}, () => apiPromise);
    expect(result).toBe(apiPromise);
    expect(result.withResponse()).toBe('kept');
    h.expectOpen('subclass');
    gate.resolve(1);
    expect(await result).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    h.expectEndedOnce('subclass');
  });

  it('treats a non-Promise thenable as a value (never calls then)', () => {
    let thenCalls = 0;
    const lazy = {
      // biome-ignore lint/suspicious/noThenProperty: a lazy query-builder look-alike
      then: () => {
        thenCalls++;
      },
    };
    expect(startSpan('thenable', {}, () => lazy)).toBe(lazy);
    expect(thenCalls).toBe(0);
    h.expectEndedOnce('thenable');
  });

  it('makes the span active inside fn, for child spans of any tracer', async () => {
    await startSpan('parent', {}, async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      trace.getTracer('plain').startSpan('plain-child').end();
      expect(trace.getActiveSpan()?.spanContext().spanId).toBe(span.spanContext().spanId);
    });
    const parent = h.expectEndedOnce('parent');
    expect(h.span('plain-child').parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('ends once even when fn ends the span itself', () => {
    startSpan('self-ended', {}, (span) => span.end());
    h.expectEndedOnce('self-ended');
  });
});

describe('startSpan: sync generators', () => {
  function* numbers(count: number) {
    for (let i = 0; i < count; i++) yield i;
    return 'finished';
  }

  it('returns the same generator and ends when it is exhausted', () => {
    const generator = numbers(3);
    const returned = captured(() => startSpan('gen', {}, () => generator));
    expect(returned).toBe(generator);
    h.expectOpen('gen');
    expect(returned.next()).toEqual({ done: false, value: 0 });
    h.expectOpen('gen');
    expect([...returned]).toEqual([1, 2]);
    const span = h.expectEndedOnce('gen');
    expect(span.attributes['genai_otel.output']).toBe('[0,1,2]');
    expect(span.attributes['genai_otel.stream.item_count']).toBe(3);
  });

  it('ends on an early break, marked cancelled, with the partial output', () => {
    const generator = captured(() => startSpan('gen-break', {}, () => numbers(10)));
    for (const value of generator) if (value === 1) break;
    const span = h.expectEndedOnce('gen-break');
    expect(span.attributes['genai_otel.stream.cancelled']).toBe(true);
    expect(span.attributes['genai_otel.output']).toBe('[0,1]');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a throw from the generator body and rethrows it', () => {
    const error = new Boom('mid-stream');
    const generator = startSpan('gen-throw', {}, function* () {
      yield 1;
      throw error;
    });
    expect(generator.next().value).toBe(1);
    h.expectOpen('gen-throw');
    expect(() => generator.next()).toThrow(error);
    expect(h.expectEndedOnce('gen-throw').attributes['error.type']).toBe('Boom');
  });

  it('follows throw() from the consumer: caught and continued, then finished', () => {
    const generator = startSpan('gen-consumer-throw', {}, function* () {
      try {
        yield 1;
      } catch {
        yield 'recovered';
      }
    });
    generator.next();
    expect(generator.throw(new Error('injected')).value).toBe('recovered');
    h.expectOpen('gen-consumer-throw');
    expect(generator.next().done).toBe(true);
    expect(h.expectEndedOnce('gen-consumer-throw').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('does not end while a generator yields again from finally after return()', () => {
    const generator = startSpan('gen-finally', {}, function* () {
      try {
        yield 1;
      } finally {
        yield 'cleanup';
      }
    });
    generator.next();
    expect(generator.return(undefined)).toEqual({ done: false, value: 'cleanup' });
    h.expectOpen('gen-finally');
    expect(generator.next().done).toBe(true);
    h.expectEndedOnce('gen-finally');
  });

  it('runs the generator body with the span active whoever iterates it', () => {
    const generator = startSpan('gen-ctx', {}, function* () {
      trace.getTracer('plain').startSpan('inside-gen').end();
      yield 1;
    });
    [...generator];
    expect(h.span('inside-gen').parentSpanContext?.spanId).toBe(
      h.expectEndedOnce('gen-ctx').spanContext().spanId,
    );
  });

  it('does not end a generator nobody iterated', () => {
    startSpan('gen-idle', {}, () => numbers(2));
    h.expectOpen('gen-idle');
  });
});

describe('startSpan: async generators and iterables', () => {
  async function* chunks(parts: string[], failAt?: number) {
    for (let i = 0; i < parts.length; i++) {
      if (i === failAt) throw new Boom('stream broke');
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield parts[i] as string;
    }
  }

  it('ends when exhausted and joins text chunks into the output', async () => {
    const stream = captured(() => startSpan('agen', {}, () => chunks(['Hel', 'lo'])));
    const seen: string[] = [];
    for await (const chunk of stream) {
      h.expectOpen('agen');
      seen.push(chunk);
    }
    expect(seen).toEqual(['Hel', 'lo']);
    expect(h.expectEndedOnce('agen').attributes['genai_otel.output']).toBe('Hello');
  });

  it('ends on break with partial output', async () => {
    const stream = captured(() => startSpan('agen-break', {}, () => chunks(['a', 'b', 'c'])));
    for await (const chunk of stream) if (chunk === 'a') break;
    const span = h.expectEndedOnce('agen-break');
    expect(span.attributes['genai_otel.output']).toBe('a');
    expect(span.attributes['genai_otel.stream.cancelled']).toBe(true);
  });

  it('records a mid-stream failure and rethrows it', async () => {
    const stream = startSpan('agen-fail', {}, () => chunks(['a', 'b'], 1));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk);
      })(),
    ).rejects.toThrow('stream broke');
    expect(seen).toEqual(['a']);
    expect(h.expectEndedOnce('agen-fail').attributes['error.type']).toBe('Boom');
  });

  it('follows an async generator returned by an async function', async () => {
    const stream = await startSpan('async-returns-agen', {}, async () => chunks(['x', 'y']));
    h.expectOpen('async-returns-agen');
    for await (const _ of stream) {
      // consume
    }
    h.expectEndedOnce('async-returns-agen');
  });

  it('uses outputReducer to fold items', async () => {
    const stream = captured(() =>
      startSpan('agen-reduce', { outputReducer: (items) => ({ count: items.length }) }, () =>
        chunks(['a', 'b']),
      ),
    );
    for await (const _ of stream) {
      // consume
    }
    expect(h.expectEndedOnce('agen-reduce').attributes['genai_otel.output']).toBe('{"count":2}');
  });

  it('follows an async iterable class (an SDK stream) and keeps the object', async () => {
    class SdkStream {
      controller = new AbortController();
      async *[Symbol.asyncIterator]() {
        yield { delta: 'a' };
        yield { delta: 'b' };
      }
    }
    const sdkStream = new SdkStream();
    const returned = await startSpan('sdk-stream', {}, async () => sdkStream);
    expect(returned).toBe(sdkStream);
    expect(returned.controller).toBeInstanceOf(AbortController);
    h.expectOpen('sdk-stream');
    for await (const item of returned) if (item.delta === 'a') break;
    expect(h.expectEndedOnce('sdk-stream').attributes['genai_otel.stream.cancelled']).toBe(true);
  });

  it('keeps the span open while async generator next() calls are pending', async () => {
    const gate = deferred<void>();
    const stream = startSpan('agen-pending', {}, async function* () {
      await gate.promise;
      yield 1;
    });
    const next = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 2));
    h.expectOpen('agen-pending');
    gate.resolve();
    expect(await next).toEqual({ done: false, value: 1 });
    expect((await stream.next()).done).toBe(true);
    h.expectEndedOnce('agen-pending');
  });
});

describe('startSpan: web streams and Response', () => {
  const encoder = new TextEncoder();
  function byteStream(parts: string[], failAfter?: number): ReadableStream<Uint8Array> {
    let index = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (index === failAfter) {
          controller.error(new Boom('socket closed'));
          return;
        }
        const part = parts[index++];
        if (part === undefined) controller.close();
        else controller.enqueue(encoder.encode(part));
      },
    });
  }

  it('ends a ReadableStream when it is read to the end, output decoded as text', async () => {
    const stream = captured(() => startSpan('rs', {}, () => byteStream(['Grü', 'ße 😀'])));
    expect(stream).toBeInstanceOf(ReadableStream);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Give a read-ahead a chance to reach the end: the span must still wait for the consumer.
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.expectOpen('rs');
    while (!(await reader.read()).done) {
      // consume
    }
    expect(h.expectEndedOnce('rs').attributes['genai_otel.output']).toBe('Grüße 😀');
  });

  it('ends a ReadableStream when the consumer cancels, and cancels the source', async () => {
    let sourceCancelled: unknown;
    const source = new ReadableStream<string>({
      pull(controller) {
        controller.enqueue('chunk');
      },
      cancel(reason) {
        sourceCancelled = reason;
      },
    });
    const stream = startSpan('rs-cancel', {}, () => source);
    const reader = stream.getReader();
    await reader.read();
    h.expectOpen('rs-cancel');
    await reader.cancel('user left');
    expect(sourceCancelled).toBe('user left');
    expect(h.expectEndedOnce('rs-cancel').attributes['genai_otel.stream.cancelled']).toBe(true);
  });

  it('records a ReadableStream failure and passes the error on', async () => {
    const stream = startSpan('rs-fail', {}, () => byteStream(['a', 'b'], 1));
    const reader = stream.getReader();
    await reader.read();
    await expect(reader.read()).rejects.toThrow('socket closed');
    expect(h.expectEndedOnce('rs-fail').attributes['error.type']).toBe('Boom');
  });

  it('follows the body of a fetch-like Response returned by an async function', async () => {
    const original = new Response(byteStream(['{"ok":', 'true}']), {
      status: 201,
      statusText: 'Created',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' },
    });
    const response = await captured(() => startSpan('resp', {}, async () => original));
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.headers.get('x-request-id')).toBe('req_1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.expectOpen('resp');
    expect(await response.json()).toEqual({ ok: true });
    const span = h.expectEndedOnce('resp');
    expect(span.attributes['http.response.status_code']).toBe(201);
    expect(span.attributes['genai_otel.output']).toBe('{"ok":true}');
  });

  it('ends a Response span when its body is cancelled', async () => {
    const response = startSpan('resp-cancel', {}, () => new Response(byteStream(['a', 'b', 'c'])));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    h.expectOpen('resp-cancel');
    await reader.cancel();
    expect(h.expectEndedOnce('resp-cancel').attributes['genai_otel.stream.cancelled']).toBe(true);
  });

  it('records a Response body failure', async () => {
    const response = startSpan('resp-fail', {}, () => new Response(byteStream(['a', 'b'], 1)));
    await expect(response.text()).rejects.toThrow();
    expect(h.expectEndedOnce('resp-fail').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('returns a body-less Response as is and ends at once', () => {
    const empty = new Response(null, { status: 204 });
    expect(startSpan('resp-empty', {}, () => empty)).toBe(empty);
    h.expectEndedOnce('resp-empty');
  });
});

describe('startSpan: Node.js readables', () => {
  it('ends when the stream ends, keeping the same object', async () => {
    const readable = Readable.from(['a', 'b']);
    const returned = startSpan('node-rs', {}, () => readable);
    expect(returned).toBe(readable);
    h.expectOpen('node-rs');
    const seen: string[] = [];
    for await (const chunk of returned) seen.push(chunk as string);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['a', 'b']);
    h.expectEndedOnce('node-rs');
  });

  it('ends as cancelled when destroyed early, and as failed on error', async () => {
    const early = startSpan('node-destroy', {}, () => Readable.from(['a', 'b', 'c']));
    for await (const _ of early) break;
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.expectEndedOnce('node-destroy').attributes['genai_otel.stream.cancelled']).toBe(true);

    const failing = startSpan('node-error', {}, () => new Readable({ read() {} }));
    failing.on('error', () => {});
    failing.destroy(new Boom('disk'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.expectEndedOnce('node-error').attributes['error.type']).toBe('Boom');
  });
});
