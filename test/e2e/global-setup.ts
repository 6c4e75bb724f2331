import { ensureAllBackends } from './backends/backend-builds';

/** Builds the pinned backends that are not cached yet (cold: see test/e2e/README.md). */
export default async function setup(): Promise<void> {
  const reports = await ensureAllBackends();
  for (const report of reports) {
    const how = report.built ? `built in ${report.seconds.toFixed(0)} s (log: ${report.logFile})` : 'cached';
    process.stdout.write(`e2e backend ${report.spec.release}: ${report.path} — ${how}\n`);
  }
}
