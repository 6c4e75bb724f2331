import { describe, expect, expectTypeOf, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { getActiveSpan } from '../../src/tracing/active-span';
import { traced } from '../../src/tracing/traced';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();

describe('traced(fn)', () => {
  it('keeps this, arguments, return value, name, length and type', () => {
    const counter = {
      base: 10,
      add(a: number, b: number) {
        return this.base + a + b;
      },
    };
    const add = traced(counter.add, { name: 'add' });
    expectTypeOf(add).toEqualTypeOf<typeof counter.add>();
    expect(add.call(counter, 1, 2)).toBe(13);
    expect(add.name).toBe('add');
    expect(add.length).toBe(2);
    h.expectEndedOnce('add');
  });

  it('names the span after the function and records args as input when capture is on', () => {
    function lookup(id: string, verbose: boolean) {
      return { id, verbose };
    }
    withContentCapture(true, () => traced(lookup)('u1', true));
    const span = h.expectEndedOnce('lookup');
    expect(span.attributes['genai_otel.input']).toBe('["u1",true]');
    expect(span.attributes['genai_otel.output']).toBe('{"id":"u1","verbose":true}');
  });

  it('records nothing of the content when capture is off (the default)', () => {
    traced(function secret(text: string) {
      return text.toUpperCase();
    })('password');
    const span = h.expectEndedOnce('secret');
    expect(span.attributes['genai_otel.input']).toBeUndefined();
    expect(span.attributes['genai_otel.output']).toBeUndefined();
  });

  it('lets a per-call option override the capture policy both ways', () => {
    traced((x: number) => x, { name: 'forced-on', captureContent: true })(7);
    withContentCapture(true, () =>
      traced((x: number) => x, { name: 'forced-off', captureContent: false })(7),
    );
    expect(h.expectEndedOnce('forced-on').attributes['genai_otel.output']).toBe('7');
    expect(h.expectEndedOnce('forced-off').attributes['genai_otel.output']).toBeUndefined();
  });

  it('uses mapInput only when capturing', () => {
    let calls = 0;
    const fn = traced((a: string, _b: Buffer) => a, {
      name: 'mapped',
      mapInput: (a) => {
        calls++;
        return { a };
      },
    });
    fn('x', Buffer.alloc(3));
    expect(calls).toBe(0);
    withContentCapture(true, () => fn('y', Buffer.alloc(3)));
    expect(calls).toBe(1);
    expect(h.spans().map((span) => span.attributes['genai_otel.input'])).toEqual([undefined, '{"a":"y"}']);
  });

  it('swallows a throwing mapInput and still runs the function', () => {
    const fn = traced((a: number) => a * 2, {
      name: 'bad-map',
      captureContent: true,
      mapInput: () => {
        throw new Error('mapper bug');
      },
    });
    expect(fn(2)).toBe(4);
    h.expectEndedOnce('bad-map');
  });

  it('wraps async functions and rethrows rejections unchanged', async () => {
    const error = new RangeError('nope');
    const fail = traced(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        throw error;
      },
      { name: 'async-fail' },
    );
    await expect(fail()).rejects.toBe(error);
    const span = h.expectEndedOnce('async-fail');
    expect(span.attributes['error.type']).toBe('RangeError');
  });

  it('wraps generator functions: span per call, ended when each generator finishes', () => {
    const range = traced(function* range(n: number) {
      for (let i = 0; i < n; i++) yield i;
    });
    const first = range(2);
    const second = range(3);
    expect([...second]).toEqual([0, 1, 2]);
    expect(h.spans()).toHaveLength(1);
    expect([...first]).toEqual([0, 1]);
    expect(h.spans()).toHaveLength(2);
  });

  it('wraps async generator functions, including early break', async () => {
    const ticks = traced(async function* ticks() {
      let i = 0;
      while (true) yield i++;
    });
    for await (const tick of ticks()) if (tick === 3) break;
    expect(h.expectEndedOnce('ticks').attributes['genai_otel.stream.cancelled']).toBe(true);
  });

  it('nests: inner traced calls are children of the outer one', async () => {
    const inner = traced(async function inner() {
      return getActiveSpan()?.spanContext().spanId;
    });
    const outer = traced(async function outer() {
      return inner();
    });
    const innerId = await outer();
    const outerSpan = h.expectEndedOnce('outer');
    const innerSpan = h.expectEndedOnce('inner');
    expect(innerSpan.spanContext().spanId).toBe(innerId);
    expect(innerSpan.parentSpanContext?.spanId).toBe(outerSpan.spanContext().spanId);
  });
});

describe('traced(constructor)', () => {
  it('constructs when called with new', () => {
    class Client {
      constructor(readonly url: string) {}
    }
    const TracedClient = traced(Client as unknown as (url: string) => Client, { name: 'new-client' });
    const client = new (TracedClient as unknown as new (url: string) => Client)('http://x');
    expect(client).toBeInstanceOf(Client);
    expect(client.url).toBe('http://x');
    h.expectEndedOnce('new-client');
  });
});
