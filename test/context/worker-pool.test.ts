import { afterEach, beforeEach, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await receiver.close();
});

function byName(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no span named "${name}" among ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

it('parents each piscina task to the span that posted it, on one shared worker', async () => {
  const run = await runNodeApp('test/fixtures/context/pool-app.cjs', {
    loader: 'require',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRICS_EXPORTER: 'none' },
    timeoutMillis: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const spans = await receiver.waitForSpans(12, 20_000);
  expect(spans).toHaveLength(12);
  const threadIds = new Set<unknown>();
  for (const label of ['a', 'b', 'c']) {
    const request = byName(spans, `request ${label}`);
    const task = byName(spans, `pool task ${label}`);
    const child = byName(spans, `pool task ${label} child`);
    expect(task.traceId).toBe(request.traceId);
    expect(task.parentSpanId).toBe(request.spanId);
    expect(child.parentSpanId).toBe(task.spanId);
    threadIds.add(task.attributes['thread.id']);
  }
  expect(threadIds.size).toBe(1);
  const bare = byName(spans, 'pool task bare');
  expect(bare.parentSpanId).toBeUndefined();
  expect(bare.traceId).not.toBe(byName(spans, 'request without context').traceId);
}, 90_000);
