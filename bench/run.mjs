/**
 * `npm run bench` (after the build): runs every case in a process of its own, prints a table
 * and writes bench/results.json. `--smoke` (or BENCH_SMOKE=1) runs a few iterations of each case
 * to keep them working; its numbers mean nothing and it asserts no time. `--only a,b` runs some
 * cases (openai-calls, google-genai-calls, manual-api, startup, memory, export-throughput).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBenchDependencies } from './support/bench-deps.mjs';
import { describeMachine } from './support/machine.mjs';
import { BENCH_DIR } from './support/paths.mjs';
import { printReport } from './support/report.mjs';
import { evaluateTargets } from './support/targets.mjs';
import { FULL, SMOKE } from './support/timing.mjs';

const CASES = [
  { name: 'openai-calls', nodeArgs: [] },
  { name: 'anthropic-calls', nodeArgs: [] },
  { name: 'google-genai-calls', nodeArgs: [] },
  { name: 'bedrock-calls', nodeArgs: [] },
  { name: 'manual-api', nodeArgs: [] },
  { name: 'startup', nodeArgs: [] },
  { name: 'startup-loading', nodeArgs: [] },
  { name: 'memory', nodeArgs: ['--expose-gc'] },
  { name: 'export-throughput', nodeArgs: [] },
];

const { values } = parseArgs({
  options: { smoke: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' } },
});
const smoke = values.smoke || process.env.BENCH_SMOKE === '1';
const only = values.only?.split(',');
const timing = smoke ? SMOKE : FULL;
// Only a full run of every case replaces the committed results.json.
const resultsName = smoke ? 'results.smoke.json' : only ? 'results.partial.json' : 'results.json';
const resultsPath = values.out ?? join(BENCH_DIR, resultsName);

ensureBenchDependencies();
const scratch = mkdtempSync(join(tmpdir(), 'genai-otel-bench-'));
const startedAt = new Date().toISOString();
const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);
const loadAverageAtStart = loadAverage();
const cases = {};
try {
  for (const benchCase of CASES) {
    if (only && !only.includes(benchCase.name)) continue;
    process.stderr.write(`bench: ${benchCase.name}${smoke ? ' (smoke)' : ''}…\n`);
    const resultFile = join(scratch, `${benchCase.name}.json`);
    const started = performance.now();
    const caseLoadAverage = loadAverage();
    execFileSync(
      process.execPath,
      [
        ...benchCase.nodeArgs,
        join(BENCH_DIR, 'support', 'run-case.mjs'),
        join(BENCH_DIR, 'cases', `${benchCase.name}.mjs`),
        resultFile,
        JSON.stringify(timing),
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    cases[benchCase.name] = {
      ...JSON.parse(readFileSync(resultFile, 'utf8')),
      caseSeconds: (performance.now() - started) / 1000,
      // The machine is shared: how busy it was when the case started and ended.
      loadAverage: { atStart: caseLoadAverage, atEnd: loadAverage() },
    };
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const results = {
  smoke,
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: { ...describeMachine(), loadAverageAtStart },
  timing,
  targets: evaluateTargets(cases),
  cases,
};
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
printReport(results);
process.stdout.write(`\nwritten: ${resultsPath}\n`);
