/**
 * Case (d): start-up cost. Each variant runs an empty app many times, interleaved with the
 * others; the app reports, at its first line, the wall time since the process began and the CPU
 * time spent so far. The cost of a preload is its median minus bare node's, for the same module
 * system. On a shared, overloaded machine wall time mostly measures waiting for a core; start-up
 * is single-threaded and CPU-bound, so CPU time is what an idle machine's wall time would be.
 * Wall time to exit is kept too (loading, the empty app, and shutdown).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median, round3 } from '../support/measure.mjs';
import { PEERS } from '../support/openai-variants.mjs';
import { BENCH_DIR, ROOT_DIR } from '../support/paths.mjs';

const CJS_APP = join(BENCH_DIR, 'fixtures', 'empty-app.cjs');
const ESM_APP = join(BENCH_DIR, 'fixtures', 'empty-app.mjs');
const PEER_PRELOAD = join(BENCH_DIR, 'fixtures', 'peer-preload.cjs');

// An OTLP endpoint, as in production (so the exporters load); the empty app sends nothing.
const OTEL_ENV = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_METRICS_EXPORTER: 'otlp' };

export const STARTUP_VARIANTS = [
  { id: 'bare-cjs', label: 'node app.cjs', args: [CJS_APP], baseline: 'bare-cjs' },
  { id: 'bare-esm', label: 'node app.mjs', args: [ESM_APP], baseline: 'bare-esm' },
  {
    id: 'genai-otel-require',
    label: 'node --require genai-otel/register app.cjs',
    args: ['--require', 'genai-otel/register', CJS_APP],
    baseline: 'bare-cjs',
  },
  {
    id: 'genai-otel-import',
    label: 'node --import genai-otel/register app.mjs',
    args: ['--import', 'genai-otel/register', ESM_APP],
    baseline: 'bare-esm',
  },
  ...PEERS.map((peer) => ({
    id: `${peer.id}-preload`,
    label: `node --require <provider + OTLP + ${peer.packageName}> app.cjs`,
    args: ['--require', PEER_PRELOAD, CJS_APP],
    env: { BENCH_PEER: peer.packageName },
    baseline: 'bare-cjs',
  })),
];

export async function run({ timing }) {
  const { runs } = timing.startup;
  const samples = new Map(
    STARTUP_VARIANTS.map((variant) => [variant.id, { firstLine: [], cpu: [], wall: [] }]),
  );
  for (let i = 0; i < runs; i++) {
    for (const variant of STARTUP_VARIANTS) {
      const started = performance.now();
      // cwd is the package root, so `genai-otel/register` resolves to the build as for a user.
      const child = spawnSync(process.execPath, variant.args, {
        cwd: ROOT_DIR,
        env: { ...process.env, ...OTEL_ENV, ...variant.env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const wall = performance.now() - started;
      if (child.status !== 0) throw new Error(`${variant.label} exited ${child.status}: ${child.stderr}`);
      const report = JSON.parse(child.stdout.trim());
      samples.get(variant.id).firstLine.push(report.wallMs);
      samples.get(variant.id).cpu.push(report.cpuMs);
      samples.get(variant.id).wall.push(wall);
    }
  }
  const result = STARTUP_VARIANTS.map((variant) => {
    const own = samples.get(variant.id);
    const base = samples.get(variant.baseline);
    return {
      id: variant.id,
      label: variant.label,
      firstLineMs: stats(own.firstLine),
      firstLineCpuMs: stats(own.cpu),
      wallMs: stats(own.wall),
      costMs: round3(median(own.firstLine) - median(base.firstLine)),
      cpuCostMs: round3(median(own.cpu) - median(base.cpu)),
      wallCostMs: round3(median(own.wall) - median(base.wall)),
    };
  });
  return { runs, variants: result };
}

function stats(values) {
  return {
    median: round3(median(values)),
    min: round3(Math.min(...values)),
    max: round3(Math.max(...values)),
  };
}
