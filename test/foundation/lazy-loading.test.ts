import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';

// Start-up cost: what `--require genai-otel/register` loads before the app's first line.
const APP = 'test/fixtures/apps/print-loaded-packages.cjs';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await receiver.close();
});

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
