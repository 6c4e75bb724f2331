import { context, propagation } from '@opentelemetry/api';
import { expect, it } from 'vitest';
import { startDetachedSpan } from '../../src/context/detached-trace';
import { ATTR_LINK_DETACHED_FROM } from '../../src/genai/semconv';
import { startSpan } from '../../src/tracing/start-span';
import { byName, useContextHarness } from '../support/context-harness';

const harness = useContextHarness();

it('starts a new trace linked to the span it was started from, keeping baggage', async () => {
  let background!: Promise<void>;
  const baggage = propagation.createBaggage({ tenant: { value: 'acme' } });
  await context.with(propagation.setBaggage(context.active(), baggage), () =>
    startSpan('request', async () => {
      // Fire and forget: the request does not wait, and its trace does not stretch.
      background = startDetachedSpan('reindex', { kind: 'task' }, async (span) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        span.setAttribute('app.tenant', propagation.getActiveBaggage()?.getEntry('tenant')?.value ?? 'none');
        startSpan('reindex step', () => {});
      });
    }),
  );
  await background;
  const spans = harness.spans();
  const request = byName(spans, 'request');
  const reindex = byName(spans, 'reindex');
  expect(reindex.parentSpanId).toBeUndefined();
  expect(reindex.traceId).not.toBe(request.traceId);
  expect(reindex.links).toHaveLength(1);
  expect(reindex.links[0]?.context.spanId).toBe(request.spanId);
  expect(reindex.links[0]?.attributes?.[ATTR_LINK_DETACHED_FROM]).toBe(true);
  expect(reindex.attributes['app.tenant']).toBe('acme');
  expect(byName(spans, 'reindex step').parentSpanId).toBe(reindex.spanId);
});

it('starts a plain new trace without links when nothing is active', () => {
  startDetachedSpan('cron job', () => {});
  const job = byName(harness.spans(), 'cron job');
  expect(job.parentSpanId).toBeUndefined();
  expect(job.links).toEqual([]);
});
