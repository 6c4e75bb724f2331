import { describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { receivedSpanNamed } from '../support/received-span-named';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

const receiver = useOtlpReceiver();
const otlpEnv = (extra: Record<string, string> = {}) =>
  exitFlushedOtlpEnv(receiver.url, 'worker-fixture', { OTEL_METRICS_EXPORTER: 'none', ...extra });

describe.each([
  { loader: 'require' as const, app: 'test/fixtures/context/worker-app.cjs' },
  { loader: 'import' as const, app: 'test/fixtures/context/worker-app.mjs' },
])('worker_threads under node --$loader genai-otel/register', ({ loader, app }) => {
  it('parents spans made in CJS, ESM, eval and terminated workers to the span active at new Worker()', async () => {
    const run = await runNodeApp(app, { loader, env: otlpEnv(), timeoutMillis: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const spans = await receiver.waitForSpans(10, 20_000);
    const request = receivedSpanNamed(spans, 'request');
    expect(request.parentSpanId).toBeUndefined();
    for (const label of ['cjs', 'esm', 'terminated']) {
      const workerSpan = receivedSpanNamed(spans, `worker ${label}`);
      const child = receivedSpanNamed(spans, `worker ${label} child`);
      expect(workerSpan.traceId).toBe(request.traceId);
      expect(workerSpan.parentSpanId).toBe(request.spanId);
      expect(child.parentSpanId).toBe(workerSpan.spanId);
      // Exported by the main thread, under its resource, marked with the worker's thread id.
      expect(workerSpan.resource['service.name']).toBe('worker-fixture');
      expect(workerSpan.attributes['thread.id']).toBeGreaterThan(0);
    }
    expect(receivedSpanNamed(spans, 'worker eval').parentSpanId).toBe(request.spanId);
    // A worker started outside any span starts its own trace.
    const unparented = receivedSpanNamed(spans, 'worker unparented');
    expect(unparented.parentSpanId).toBeUndefined();
    expect(unparented.traceId).not.toBe(request.traceId);
    expect(spans).toHaveLength(10);
  }, 90_000);

  it('leaves workers untouched with GENAI_OTEL_WORKER_THREADS=false', async () => {
    const run = await runNodeApp(app, {
      loader,
      env: otlpEnv({ GENAI_OTEL_WORKER_THREADS: 'false' }),
      timeoutMillis: 60_000,
    });
    expect(run.code).toBe(0);
    const spans = await receiver.waitForSpans(1, 20_000);
    // Only the main thread traced: the workers' plain API calls hit the no-op provider.
    expect(spans.map((span) => span.name)).toEqual(['request']);
  }, 90_000);
});
