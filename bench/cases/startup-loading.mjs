/**
 * Case (d2): what `genai-otel/register` loads and costs before the app's first line, with an OTLP
 * endpoint for traces and metrics (as in production) and with `OTEL_SDK_DISABLED=true`. Each
 * variant runs an empty app many times, interleaved; the cost is its median CPU time minus bare
 * node's for the same module system (start-up is single-threaded and CPU-bound; on a shared machine
 * wall time mostly measures waiting for a core). It also reports the CommonJS modules loaded.
 * Targets (issue 21): < 50 ms with OTLP, < 10 ms disabled.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median, round3 } from '../support/measure.mjs';
import { BENCH_DIR, ROOT_DIR } from '../support/paths.mjs';

const CJS_APP = join(BENCH_DIR, 'fixtures', 'startup-loading-app.cjs');
const ESM_APP = join(BENCH_DIR, 'fixtures', 'startup-loading-app.mjs');
// An endpoint nobody listens on: the empty app exports nothing, so only loading is measured.
const OTLP_ENV = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_METRICS_EXPORTER: 'otlp' };
const DISABLED_ENV = { ...OTLP_ENV, OTEL_SDK_DISABLED: 'true' };

const VARIANTS = [
  { id: 'bare-cjs', args: [CJS_APP], env: {}, baseline: 'bare-cjs' },
  { id: 'bare-esm', args: [ESM_APP], env: {}, baseline: 'bare-esm' },
  {
    id: 'require-otlp',
    args: ['--require', 'genai-otel/register', CJS_APP],
    env: OTLP_ENV,
    baseline: 'bare-cjs',
  },
  {
    id: 'import-otlp',
    args: ['--import', 'genai-otel/register', ESM_APP],
    env: OTLP_ENV,
    baseline: 'bare-esm',
  },
  {
    id: 'require-disabled',
    args: ['--require', 'genai-otel/register', CJS_APP],
    env: DISABLED_ENV,
    baseline: 'bare-cjs',
  },
  {
    id: 'import-disabled',
    args: ['--import', 'genai-otel/register', ESM_APP],
    env: DISABLED_ENV,
    baseline: 'bare-esm',
  },
];

export async function run({ timing }) {
  const { runs } = timing.startup;
  const samples = new Map(VARIANTS.map((variant) => [variant.id, { cpu: [], wall: [], report: undefined }]));
  for (let i = 0; i < runs; i++) {
    for (const variant of VARIANTS) {
      const child = spawnSync(process.execPath, variant.args, {
        // The package root, so `genai-otel/register` resolves to the build as for a user.
        cwd: ROOT_DIR,
        env: { ...cleanEnv(), ...variant.env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (child.status !== 0) throw new Error(`${variant.id} exited ${child.status}: ${child.stderr}`);
      const report = JSON.parse(child.stdout.trim().split('\n')[0]);
      const own = samples.get(variant.id);
      own.cpu.push(report.cpuMs);
      own.wall.push(report.wallMs);
      own.report = report;
    }
  }
  const variants = VARIANTS.map((variant) => {
    const own = samples.get(variant.id);
    const base = samples.get(variant.baseline);
    return {
      id: variant.id,
      cpuMs: round3(median(own.cpu)),
      cpuCostMs: round3(median(own.cpu) - median(base.cpu)),
      wallCostMs: round3(median(own.wall) - median(base.wall)),
      cjsModules: own.report.cjsModules,
      packages: own.report.packages,
    };
  });
  for (const variant of variants) {
    process.stderr.write(
      `  ${variant.id.padEnd(17)} +${variant.cpuCostMs.toFixed(1)} ms CPU, +${variant.wallCostMs.toFixed(1)} ms wall, ${variant.cjsModules} CJS modules\n`,
    );
  }
  return { runs, variants };
}

/** The bench's own environment without OTEL_* or NODE_OPTIONS, which would change what loads. */
function cleanEnv() {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OTEL_') && !key.startsWith('GENAI_OTEL_') && key !== 'NODE_OPTIONS',
    ),
  );
}
