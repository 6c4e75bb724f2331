import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { expect, it } from 'vitest';
import { extractTraceContext } from '../../src/context/trace-carrier';
import { startSpan } from '../../src/tracing/start-span';
import { byName, useContextHarness } from '../support/context-harness';

// As in a worker or a child process: the thread starts inside a span that lives elsewhere.
const PARENT_SPAN_ID = 'b7ad6b7169203331';
const inherited = extractTraceContext({
  traceparent: `00-0af7651916cd43dd8448eb211c80319c-${PARENT_SPAN_ID}-01`,
});
const harness = useContextHarness(inherited);

it('parents code that runs outside any context.with() — top level, timers, handlers — to the inherited span', async () => {
  startSpan('top level', () => {});
  await new Promise<void>((resolve) =>
    setTimeout(() => {
      startSpan('timer', () => {});
      resolve();
    }, 1),
  );
  const spans = harness.spans();
  expect(byName(spans, 'top level').parentSpanId).toBe(PARENT_SPAN_ID);
  expect(byName(spans, 'timer').parentSpanId).toBe(PARENT_SPAN_ID);
  expect(byName(spans, 'timer').traceId).toBe('0af7651916cd43dd8448eb211c80319c');
});

it('still lets context.with(ROOT_CONTEXT) start a trace of its own', () => {
  context.with(ROOT_CONTEXT, () => {
    expect(trace.getActiveSpan()).toBeUndefined();
    startSpan('detached', () => {});
  });
  expect(byName(harness.spans(), 'detached').parentSpanId).toBeUndefined();
});
