import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

// Start-up cost: what `--require genai-otel/register` loads and evaluates before the app's first
// line, and what the first export loads (bench/cases/startup-loading.mjs measures the time).
// genai-otel's runtime is bundled (scripts/build-package.mjs: what start-up runs in bundle.js, the
// rest of src/ in on-demand.js, instrumentations/ in instrumentations.js), and each module is
// evaluated on first use; which of them ran is read
// from V8 coverage: esbuild names each module's evaluation function after its source path (e.g.
// "instrumentations/openai/instrumentation.ts").
const APP = 'test/fixtures/apps/print-loaded-packages.cjs';

const receiver = useOtlpReceiver();
const coverageDirs: string[] = [];

afterEach(() => {
  for (const dir of coverageDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Loaded {
  /** npm packages, genai-otel's files as `genai-otel:<path under dist>`, and 'openai patched'. */
  packages: string[];
  /** Source modules of the bundle whose evaluation ran, e.g. `src/register.ts`. */
  evaluated: string[];
}

async function loaded(protocol: string, when: 'at-start' | 'after-export' | 'after-openai'): Promise<Loaded> {
  const coverageDir = mkdtempSync(join(tmpdir(), 'genai-otel-coverage-'));
  coverageDirs.push(coverageDir);
  const run = await runNodeApp(APP, {
    loader: 'require',
    args: [when],
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_METRICS_EXPORTER: 'otlp',
      NODE_V8_COVERAGE: coverageDir,
    },
    timeoutMillis: 60_000,
  });
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  return { packages: JSON.parse(lines.at(-1) ?? '[]') as string[], evaluated: evaluatedModules(coverageDir) };
}

/** The bundle's module functions that ran at least once, from the process's V8 coverage files. */
function evaluatedModules(coverageDir: string): string[] {
  const evaluated = new Set<string>();
  for (const file of readdirSync(coverageDir)) {
    const { result } = JSON.parse(readFileSync(join(coverageDir, file), 'utf8')) as {
      result: Array<{
        url: string;
        functions: Array<{ functionName: string; ranges: Array<{ count: number }> }>;
      }>;
    };
    for (const script of result) {
      if (!/\/dist\/src\/entry\/(bundle|on-demand|instrumentations)\.js$/.test(script.url)) continue;
      for (const fn of script.functions) {
        if (/^(src|instrumentations)\/.*\.m?ts$/.test(fn.functionName) && (fn.ranges[0]?.count ?? 0) > 0) {
          evaluated.add(fn.functionName);
        }
      }
    }
  }
  return [...evaluated].sort();
}

describe('start-up loading', () => {
  it('loads the register entry, the core bundle and the OpenTelemetry API, and nothing else', async () => {
    const { packages, evaluated } = await loaded('http/protobuf', 'at-start');
    expect(packages).toEqual([
      '@opentelemetry/api',
      'genai-otel:src/entry/bundle.js',
      'genai-otel:src/entry/register-require.js',
    ]);
    // The bundle evaluates what registration needs (the coverage check can see it) ...
    expect(evaluated).toContain('src/register.ts');
    expect(evaluated).toContain('src/trace-pipeline.ts');
  });

  it('evaluates no instrumentation, public API module or inbound bridge before they are used', async () => {
    const { evaluated } = await loaded('http/protobuf', 'at-start');
    expect(evaluated.filter((module) => module.startsWith('instrumentations/'))).toEqual([]);
    for (const lazy of ['src/index.ts', 'src/inbound/event-source-bridge.ts', 'src/tracing/start-span.ts']) {
      expect(evaluated).not.toContain(lazy);
    }
  });

  it('loads only the OTLP/protobuf trace exporter at the first export under http/protobuf', async () => {
    const { packages } = await loaded('http/protobuf', 'after-export');
    expect(packages).toContain('@opentelemetry/exporter-trace-otlp-proto');
    expect(packages).not.toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(packages).not.toContain('@pydantic/genai-prices');
    expect(receiver.spans.map((span) => span.name)).toEqual(['first export']);
  });

  it('loads only the OTLP/JSON trace exporter at the first export under http/json', async () => {
    const { packages } = await loaded('http/json', 'after-export');
    expect(packages).toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(packages).not.toContain('@opentelemetry/exporter-trace-otlp-proto');
    expect(receiver.spans.map((span) => span.name)).toEqual(['first export']);
  });

  it('evaluates an instrumentation when its library is first required, and patches that first load', async () => {
    const { packages, evaluated } = await loaded('http/protobuf', 'after-openai');
    expect(packages).toContain('openai patched');
    const instrumentations = new Set(
      evaluated
        .filter((module) => module.startsWith('instrumentations/'))
        .map((module) => module.split('/')[1]),
    );
    expect([...instrumentations]).toEqual(['openai']);
  });
});
