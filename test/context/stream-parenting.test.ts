import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { startSpan } from '../../src/tracing/start-span';
import { traced } from '../../src/tracing/traced';
import { byName, useContextHarness } from '../support/context-harness';

const harness = useContextHarness();

/** A traced async generator whose body starts a span per item, with a real async hop before each. */
function tracedTokens(label: string) {
  return traced(
    async function* tokens() {
      for (let index = 0; index < 3; index++) {
        await nextTurn();
        startSpan(`${label} produce ${index}`, () => {});
        yield index;
      }
    },
    { name: `${label} stream` },
  );
}

describe('the parenting rule for traced generators and streams', () => {
  it('producer spans go under the generator span, consumer spans under the consumer, across interleaved requests', async () => {
    const request = (label: string) =>
      startSpan(`${label} request`, async () => {
        for await (const token of tracedTokens(label)()) {
          await nextTurn();
          startSpan(`${label} consume ${token}`, () => {});
        }
      });
    await Promise.all([request('a'), request('b')]);

    const spans = harness.spans();
    for (const label of ['a', 'b']) {
      const requestSpan = byName(spans, `${label} request`);
      const streamSpan = byName(spans, `${label} stream`);
      expect(streamSpan.parentSpanId).toBe(requestSpan.spanId);
      for (let index = 0; index < 3; index++) {
        expect(byName(spans, `${label} produce ${index}`).parentSpanId).toBe(streamSpan.spanId);
        // Between next() calls control is back with the consumer: not under the (still open) stream span.
        expect(byName(spans, `${label} consume ${index}`).parentSpanId).toBe(requestSpan.spanId);
      }
      expect(
        new Set(spans.filter((span) => span.name.startsWith(label)).map((span) => span.traceId)).size,
      ).toBe(1);
    }
  });

  it('a generator created in one request and consumed in another keeps its producer spans in its own trace', async () => {
    let made!: AsyncGenerator<number>;
    startSpan('maker request', () => {
      made = tracedTokens('handed')();
    });
    await startSpan('consumer request', async () => {
      for await (const token of made) startSpan(`consume ${token}`, () => {});
    });
    const spans = harness.spans();
    const streamSpan = byName(spans, 'handed stream');
    const consumer = byName(spans, 'consumer request');
    expect(streamSpan.parentSpanId).toBe(byName(spans, 'maker request').spanId);
    expect(byName(spans, 'handed produce 2').parentSpanId).toBe(streamSpan.spanId);
    expect(byName(spans, 'consume 2').parentSpanId).toBe(consumer.spanId);
    expect(byName(spans, 'consume 2').traceId).not.toBe(streamSpan.traceId);
  });

  it('early break ends the generator span once and later consumer spans stay with the consumer', async () => {
    await startSpan('request', async () => {
      for await (const token of tracedTokens('early')()) {
        if (token === 1) break;
      }
      startSpan('after break', () => {});
    });
    const spans = harness.spans();
    expect(byName(spans, 'after break').parentSpanId).toBe(byName(spans, 'request').spanId);
    expect(spans.filter((span) => span.name === 'early stream')).toHaveLength(1);
  });

  it('an untraced generator follows whoever calls next(): the documented reason to trace it', async () => {
    async function* plain() {
      await nextTurn();
      startSpan('plain produce', () => {});
      yield 1;
    }
    // Made inside a span but not returned from it (startSpan would follow a returned generator).
    let made!: AsyncGenerator<number>;
    startSpan('maker', () => {
      made = plain();
    });
    await startSpan('consumer', async () => {
      for await (const _ of made) {
        // consume
      }
    });
    const spans = harness.spans();
    expect(byName(spans, 'plain produce').parentSpanId).toBe(byName(spans, 'consumer').spanId);
  });

  it('the producer of a Node.js readable returned by a traced function runs under its span', async () => {
    const openFeed = traced(
      () =>
        Readable.from(
          (async function* feed() {
            for (let index = 0; index < 2; index++) {
              await nextTurn();
              startSpan(`feed produce ${index}`, () => {});
              yield `chunk ${index}`;
            }
          })(),
        ),
      { name: 'feed' },
    );
    let feed!: Readable;
    startSpan('opener', () => {
      feed = openFeed();
    });
    await startSpan('reader', async () => {
      for await (const chunk of feed) startSpan(`read ${String(chunk)}`, () => {});
    });
    const spans = harness.spans();
    const feedSpan = byName(spans, 'feed');
    expect(byName(spans, 'feed produce 0').parentSpanId).toBe(feedSpan.spanId);
    expect(byName(spans, 'feed produce 1').parentSpanId).toBe(feedSpan.spanId);
    expect(byName(spans, 'read chunk 1').parentSpanId).toBe(byName(spans, 'reader').spanId);
  });

  it('a web ReadableStream returned by a traced function pulls under its span', async () => {
    let pulls = 0;
    const openBody = traced(
      () =>
        new ReadableStream<string>({
          pull(controller) {
            startSpan(`pull ${pulls}`, () => {});
            if (pulls++ === 2) controller.close();
            else controller.enqueue('x');
          },
        }),
      { name: 'body' },
    );
    let body!: ReadableStream<string>;
    startSpan('opener', () => {
      body = openBody();
    });
    await startSpan('reader', async () => {
      for await (const _ of body) startSpan('read', () => {});
    });
    const spans = harness.spans();
    const bodySpan = byName(spans, 'body');
    expect(byName(spans, 'pull 2').parentSpanId).toBe(bodySpan.spanId);
    expect(
      spans
        .filter((span) => span.name === 'read')
        .every((span) => span.parentSpanId === byName(spans, 'reader').spanId),
    ).toBe(true);
  });

  it('leaves the caller context untouched after iteration', async () => {
    await startSpan('outer', async () => {
      const before = trace.getActiveSpan();
      for await (const _ of tracedTokens('ctx')()) expect(trace.getActiveSpan()).toBe(before);
      expect(trace.getActiveSpan()).toBe(before);
    });
  });
});
