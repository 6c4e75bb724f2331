import { join } from 'node:path';
import { BACKENDS_DIR, binaryPath, OTELCOL } from './backend-builds';
import { type BackendProcess, freePort, startBackend } from './backend-process';

export interface RunningCollector extends BackendProcess {
  /** Base URL for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  otlpUrl: string;
}

export interface CollectorTargets {
  /** OTLP/HTTP base URLs the collector forwards to. */
  jaegerOtlpUrl: string;
  tempoOtlpUrl: string;
  metricsOtlpUrl: string;
}

/** The ocb-built collector with otelcol/collector-test.yaml, on a free loopback port. */
export async function startCollector(targets: CollectorTargets): Promise<RunningCollector> {
  const otlpPort = await freePort();
  const otlpUrl = `http://127.0.0.1:${otlpPort}`;
  const backend = await startBackend({
    name: 'otelcol',
    binary: binaryPath(OTELCOL),
    args: ['--config', join(BACKENDS_DIR, 'otelcol', 'collector-test.yaml')],
    cwd: BACKENDS_DIR,
    env: {
      COLLECTOR_OTLP_HTTP_PORT: String(otlpPort),
      JAEGER_OTLP_URL: targets.jaegerOtlpUrl,
      TEMPO_OTLP_URL: targets.tempoOtlpUrl,
      METRICS_OTLP_URL: targets.metricsOtlpUrl,
    },
    // The receivers start after the exporters, so an answering receiver means a working pipeline.
    readyUrl: `${otlpUrl}/v1/traces`,
    anyHttpAnswerIsReady: true,
  });
  return { ...backend, otlpUrl };
}
