import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenAIOtelHandle } from '../../src/process-state';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { captureDiag, reportFigure } from './support/diag-capture';
import { type FaultyOtlpEndpoint, startFaultyOtlpEndpoint } from './support/faulty-otlp-endpoint';
import { registerForTests } from './support/register-for-tests';

/**
 * What test/foundation/register-apps does not cover: shutdown() called many times at once and
 * again later, bounded by the exit flush timeout while the backend hangs (the OTLP timeout is
 * 30 s, so an unbounded shutdown would take that long), and calls after it that change nothing.
 */
const EXIT_FLUSH_TIMEOUT_MILLIS = 1_000;
let receiver: OtlpReceiver;
let endpoint: FaultyOtlpEndpoint;
let handle: GenAIOtelHandle;
const diagLog = captureDiag();

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  endpoint = await startFaultyOtlpEndpoint(receiver.url);
  handle = registerForTests({
    otlp: { endpoint: endpoint.url, timeoutMillis: 30_000 },
    traceExporters: ['otlp'],
    metricExporters: ['none'],
    exitFlushTimeoutMillis: EXIT_FLUSH_TIMEOUT_MILLIS,
  });
});
afterAll(async () => {
  await endpoint.close();
  await receiver.close();
  diagLog.dispose();
});

it('shuts down once however often it is called, within the exit flush timeout while the backend hangs', async () => {
  const tracer = trace.getTracer('shutdown');
  tracer.startSpan('delivered before the hang').end();
  await handle.forceFlush();
  expect(receiver.spans.map((span) => span.name)).toEqual(['delivered before the hang']);

  await endpoint.setFault('hang');
  tracer.startSpan('queued when the backend hangs').end();
  const started = performance.now();
  const calls = [handle.shutdown(), handle.shutdown(), handle.shutdown()];
  expect(new Set(calls).size).toBe(1);
  await Promise.all(calls);
  const shutdownMillis = performance.now() - started;
  reportFigure(
    'shutdown() with a hanging backend, exit flush timeout 1000 ms (ms)',
    shutdownMillis.toFixed(0),
  );
  // Bounded: the exit timeout plus scheduling slack on a busy machine, far below the 30 s OTLP timeout.
  expect(shutdownMillis).toBeLessThan(10_000);
  expect(
    diagLog.messages.some((m) => m.level === 'warn' && m.text.includes('did not finish within 1000 ms')),
  ).toBe(true);

  await expect(handle.shutdown()).resolves.toBeUndefined();
  expect(handle.shutdown()).toBe(calls[0]);
  await expect(handle.forceFlush()).resolves.toBeUndefined();
  expect(() => tracer.startSpan('after shutdown').end()).not.toThrow();
}, 20_000);
