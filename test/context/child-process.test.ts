import { afterEach, beforeEach, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await receiver.close();
});

it('joins one trace across a parent and a child process through TRACEPARENT / BAGGAGE', async () => {
  const run = await runNodeApp('test/fixtures/context/child-process-parent.cjs', {
    loader: 'require',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    },
    timeoutMillis: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const spans = await receiver.waitForSpans(2, 20_000);
  const parent = spans.find((span) => span.name === 'parent request');
  const child = spans.find((span) => span.name === 'child job');
  expect(parent?.attributes['app.child.exit_code']).toBe(0);
  expect(child?.traceId).toBe(parent?.traceId);
  expect(child?.parentSpanId).toBe(parent?.spanId);
  expect(child?.attributes['app.tenant']).toBe('acme');
  // Two processes really: each exported its own span.
  expect(child?.resource['process.pid']).not.toBe(parent?.resource['process.pid']);
}, 90_000);
