/**
 * The peers live only in bench/package.json. A fresh clone has no bench/node_modules: install
 * it (npm install --prefix bench) before the first run, with the npm that runs this script.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PEERS } from './openai-variants.mjs';
import { BENCH_DIR } from './paths.mjs';

export function ensureBenchDependencies() {
  const missing = PEERS.filter(
    (peer) => !existsSync(join(BENCH_DIR, 'node_modules', peer.packageName, 'package.json')),
  );
  if (missing.length === 0) return;
  process.stderr.write(
    `bench: installing the bench-only peers (${missing.map((peer) => peer.packageName).join(', ')})\n`,
  );
  // `npm run` exports npm_execpath; outside npm, fall back to the npm on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli
    ? [process.execPath, [npmCli, 'install', '--prefix', BENCH_DIR, '--no-audit', '--no-fund']]
    : ['npm', ['install', '--prefix', BENCH_DIR, '--no-audit', '--no-fund']];
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}
