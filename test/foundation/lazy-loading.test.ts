import { describe, expect, it } from 'vitest';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

// Start-up cost: what `--require genai-otel/register` loads before the app's first line, and what
// the first export loads (bench/cases/startup-loading.mjs measures the time).
const APP = 'test/fixtures/apps/print-loaded-packages.cjs';

const receiver = useOtlpReceiver();

async function loadedPackages(
  protocol: string,
  when: 'at-start' | 'after-export' | 'after-openai',
): Promise<string[]> {
  const run = await runNodeApp(APP, {
    loader: 'require',
    args: [when],
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_METRICS_EXPORTER: 'otlp',
    },
    timeoutMillis: 60_000,
  });
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines.at(-1) ?? '[]') as string[];
}

describe('start-up loading', () => {
  it('loads no exporter, protobuf, metrics SDK, instrumentation or price catalogue before they are used', async () => {
    const packages = await loadedPackages('http/protobuf', 'at-start');
    expect(packages).toContain('@opentelemetry/sdk-trace');
    for (const lazy of [
      '@opentelemetry/exporter-trace-otlp-proto',
      '@opentelemetry/exporter-trace-otlp-http',
      '@opentelemetry/exporter-metrics-otlp-proto',
      '@opentelemetry/otlp-transformer',
      'protobufjs',
      '@opentelemetry/sdk-metrics',
      '@pydantic/genai-prices',
    ]) {
      expect(packages).not.toContain(lazy);
    }
    expect(packages.filter((name) => name.startsWith('genai-otel/instrumentations/'))).toEqual([]);
  });

  it('loads only the OTLP/protobuf trace exporter at the first export under http/protobuf', async () => {
    const packages = await loadedPackages('http/protobuf', 'after-export');
    expect(packages).toContain('@opentelemetry/exporter-trace-otlp-proto');
    expect(packages).not.toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(receiver.spans.map((span) => span.name)).toEqual(['first export']);
  });

  it('loads only the OTLP/JSON trace exporter at the first export under http/json', async () => {
    const packages = await loadedPackages('http/json', 'after-export');
    expect(packages).toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(packages).not.toContain('@opentelemetry/exporter-trace-otlp-proto');
    expect(receiver.spans.map((span) => span.name)).toEqual(['first export']);
  });

  it('loads an instrumentation when its library is first required, and patches that first load', async () => {
    const packages = await loadedPackages('http/protobuf', 'after-openai');
    expect(packages).toContain('openai patched');
    expect(packages.filter((name) => name.startsWith('genai-otel/instrumentations/'))).toEqual([
      'genai-otel/instrumentations/openai',
    ]);
  });
});
