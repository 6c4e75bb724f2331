/**
 * Profiling aid for the hot path: runs one OpenAI variant in a loop under --cpu-prof, then prints
 * where its self time went, by package and by function.
 *
 *   node bench/profile.mjs genai-otel-v7 chat 20000
 *   node bench/profile.mjs limit-v7 stream 500
 *
 * Variant ids are those of results.json (bare-v7, limit-v7, genai-otel-v7, otel-contrib, …).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile } from './support/profile-summary.mjs';

const [variantId = 'genai-otel-v7', mode = 'chat', count = '20000'] = process.argv.slice(2);

if (process.env.BENCH_PROFILE_CHILD) {
  const { buildOpenAIVariants } = await import('./support/openai-variants.mjs');
  const variant = buildOpenAIVariants().variants.find((candidate) => candidate.id === variantId);
  if (!variant) throw new Error(`no variant ${variantId}`);
  for (let i = 0; i < Number(count); i++) await variant[mode]();
  process.exit(0);
}

const profileDir = mkdtempSync(join(tmpdir(), 'genai-otel-profile-'));
try {
  execFileSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, fileURLToPath(import.meta.url), variantId, mode, count],
    {
      env: { ...process.env, BENCH_PROFILE_CHILD: '1' },
      stdio: 'inherit',
    },
  );
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  const summary = summarizeProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8')));
  console.log(`${variantId} ${mode} × ${count}: ${summary.totalMs.toFixed(0)} ms sampled`);
  console.log('\nself time by package');
  console.table(summary.byPackage.slice(0, 15));
  console.log('\nself time by function (top 30)');
  console.table(summary.byFunction.slice(0, 30));
  console.log('\nself time of genai-otel and OpenTelemetry functions (top 40)');
  console.table(
    summary.byFunction
      .filter((row) => /dist\/(src|instrumentations)\/|@opentelemetry\//.test(row.name))
      .slice(0, 40),
  );
} finally {
  rmSync(profileDir, { recursive: true, force: true });
}
