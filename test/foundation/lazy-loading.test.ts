import { describe, expect, it } from 'vitest';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

// Start-up cost: what `--require genai-otel/register` loads before the app's first line.
const APP = 'test/fixtures/apps/print-loaded-packages.cjs';

const receiver = useOtlpReceiver();

async function loadedPackages(protocol: string): Promise<string[]> {
  const run = await runNodeApp(APP, {
    loader: 'require',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
    timeoutMillis: 60_000,
  });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n')[0] ?? '[]') as string[];
}

describe('start-up loading', () => {
  it('loads only the OTLP/protobuf exporters under http/protobuf, and no price catalogue', async () => {
    const packages = await loadedPackages('http/protobuf');
    expect(packages).toContain('@opentelemetry/exporter-trace-otlp-proto');
    expect(packages).not.toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(packages).not.toContain('@pydantic/genai-prices');
  });

  it('loads only the OTLP/JSON exporters under http/json', async () => {
    const packages = await loadedPackages('http/json');
    expect(packages).toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(packages).toContain('@opentelemetry/exporter-metrics-otlp-http');
    expect(packages).not.toContain('@opentelemetry/exporter-trace-otlp-proto');
    expect(packages).not.toContain('@opentelemetry/exporter-metrics-otlp-proto');
  });
});
