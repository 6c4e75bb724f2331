import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { startSpan } from '../../src/tracing/start-span';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('abandoned streams', () => {
  it('ends the span of a generator dropped without being iterated, marked abandoned', async () => {
    (() => {
      startSpan('dropped', {}, function* () {
        yield 1;
      });
    })();
    h.expectOpen('dropped');
    for (let attempt = 0; attempt < 20 && h.openSpanNames().length > 0; attempt++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(h.expectEndedOnce('dropped').attributes['genai_otel.stream.abandoned']).toBe(true);
  });
});
