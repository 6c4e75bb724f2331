import { describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

const receiver = useOtlpReceiver();
const APP = 'test/fixtures/apps/busy-app.cjs';

async function metricNamesReceived(): Promise<string[]> {
  await receiver.waitForMetric('gen_ai.client.operation.duration');
  return [...new Set(receiver.metrics.map((metric) => metric.name))].sort();
}

describe('GENAI_OTEL_SYSTEM_METRICS', () => {
  it('=true sends host and Node.js runtime metrics beside the GenAI ones to the OTLP receiver', async () => {
    const run = await runNodeApp(APP, {
      loader: 'require',
      env: exitFlushedOtlpEnv(receiver.url, 'busy-app', { GENAI_OTEL_SYSTEM_METRICS: 'true' }),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('worked: true\n');
    const names = await metricNamesReceived();
    // Host (@opentelemetry/instrumentation-host-metrics) and runtime (@opentelemetry/instrumentation-runtime-node).
    expect(names).toEqual(
      expect.arrayContaining([
        'process.cpu.time',
        'process.memory.usage',
        'system.cpu.time',
        'system.memory.usage',
        'nodejs.eventloop.delay.p99',
        'nodejs.eventloop.utilization',
        'v8js.memory.heap.used',
      ]),
    );
    const heap = receiver.metrics.find((metric) => metric.name === 'v8js.memory.heap.used');
    expect(heap?.points.some((point) => Number(point.value) > 0)).toBe(true);
  });

  it('is off by default: only the GenAI metrics, and the packages are not loaded', async () => {
    await runNodeApp(APP, { loader: 'require', env: exitFlushedOtlpEnv(receiver.url, 'busy-app') });
    const names = await metricNamesReceived();
    expect(names.filter((name) => /^(system|process|nodejs|v8js)\./.test(name))).toEqual([]);
    const loaded = await runNodeApp('test/fixtures/apps/print-loaded-packages.cjs', { loader: 'require' });
    expect(loaded.stdout).not.toContain('instrumentation-host-metrics');
    expect(loaded.stdout).not.toContain('instrumentation-runtime-node');
  });

  it('=true without any metric exporter says so once and the app runs as before', async () => {
    const run = await runNodeApp(APP, {
      loader: 'require',
      env: { GENAI_OTEL_SYSTEM_METRICS: 'true', OTEL_TRACES_EXPORTER: 'none' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('worked: true\n');
    expect(run.stderr).toBe(
      'genai-otel: system metrics are on (GENAI_OTEL_SYSTEM_METRICS / systemMetrics), but no metric exporter is configured, so they go nowhere. Fix: set OTEL_EXPORTER_OTLP_ENDPOINT, or OTEL_METRICS_EXPORTER=otlp or console.\n',
    );
  });
});
