/**
 * Where genai-otel's per-call and per-stream overhead goes: the OpenAI variants measured three
 * times, each configuration in its own process —
 *   as-is;
 *   with the price lookup (`@pydantic/genai-prices` calcPrice) replaced by a constant answer;
 *   with that and a no-op meter for genai-otel (no metric records).
 * The differences are what pricing and metrics cost. An experiment, not a case of `npm run bench`.
 *
 *   node bench/overhead-breakdown.mjs [--smoke]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CONFIGURATIONS = [
  { name: 'as-is', env: {} },
  { name: 'pricing stubbed', env: { BREAKDOWN_STUB_PRICING: '1' } },
  { name: 'pricing stubbed, no metrics', env: { BREAKDOWN_STUB_PRICING: '1', BREAKDOWN_NO_METRICS: '1' } },
];
const VARIANTS = [
  'bare-v7',
  'limit-v7',
  'genai-otel-v7',
  'bare-v6',
  'limit-v6',
  'genai-otel-v6',
  'otel-contrib',
  'traceloop',
  'openinference',
];

if (process.env.BREAKDOWN_CHILD) {
  const { rootRequire } = await import('./support/paths.mjs');
  if (process.env.BREAKDOWN_STUB_PRICING) {
    const prices = rootRequire('@pydantic/genai-prices');
    const answer = prices.calcPrice({ input_tokens: 31, output_tokens: 19 }, 'gpt-4o-mini-2024-07-18', {
      providerId: 'openai',
    });
    Object.defineProperty(prices, 'calcPrice', { value: () => answer, writable: true, configurable: true });
  }
  const { buildOpenAIVariants, STREAM_CHUNKS } = await import('./support/openai-variants.mjs');
  const { measureRounds, medianPerRound } = await import('./support/measure.mjs');
  const built = buildOpenAIVariants();
  const { api } = built.telemetry;
  const variants = built.variants.filter((variant) => VARIANTS.includes(variant.id));
  if (process.env.BREAKDOWN_NO_METRICS) {
    // instrumentOpenAI() hands back the shared instance that instruments every genai-otel copy.
    const shared = rootRequire('genai-otel').instrumentOpenAI({ OpenAI: undefined });
    shared.setMeterProvider({ getMeter: () => api.createNoopMeter() });
  }
  const smoke = process.env.BREAKDOWN_SMOKE === '1';
  const result = {};
  for (const [mode, divisor, time] of [
    ['chat', 1, 250],
    ['stream', STREAM_CHUNKS, 500],
  ]) {
    for (const variant of variants) await variant[mode]();
    const rounds = smoke ? 1 : 7;
    const timing = { rounds, time: smoke ? 5 : time, warmupTime: smoke ? 0 : 50, iterations: smoke ? 2 : 10 };
    const results = await measureRounds(
      variants.map((variant) => ({ id: variant.id, fn: variant[mode] })),
      timing,
    );
    for (const variant of variants) {
      if (variant.kind === 'bare') continue;
      const base = `bare-v${variant.major}`;
      result[`${variant.id} ${mode}`] = medianPerRound(
        rounds,
        (r) =>
          ((results.get(variant.id).roundMedians[r] - results.get(base).roundMedians[r]) * 1000) / divisor,
      );
    }
  }
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

const rows = {};
for (const configuration of CONFIGURATIONS) {
  process.stderr.write(`overhead breakdown: ${configuration.name}…\n`);
  const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      ...configuration.env,
      BREAKDOWN_CHILD: '1',
      BREAKDOWN_SMOKE: process.argv.includes('--smoke') ? '1' : '0',
    },
    encoding: 'utf8',
  });
  for (const [key, overhead] of Object.entries(JSON.parse(output))) {
    rows[key] ??= {};
    rows[key][configuration.name] = overhead.toFixed(2);
  }
}
console.log('overhead over the bare SDK of the same major: µs per call (chat), µs per chunk (stream)');
console.table(rows);
