/** The machine, runtime and package versions a results file was measured with. */
import { cpus, freemem, loadavg, totalmem, type } from 'node:os';
import { OPENAI_PACKAGES } from './openai-copies.mjs';
import { PEERS } from './openai-variants.mjs';
import { benchRequire, rootRequire, versionOf } from './paths.mjs';

export function describeMachine() {
  const cpuList = cpus();
  const packages = { 'genai-otel': versionOf(rootRequire, 'genai-otel') };
  for (const name of [
    '@opentelemetry/api',
    '@opentelemetry/sdk-trace',
    '@opentelemetry/sdk-metrics',
    '@anthropic-ai/sdk',
    '@opentelemetry/instrumentation',
    'tinybench',
  ])
    packages[name] = versionOf(rootRequire, name);
  for (const [major, name] of Object.entries(OPENAI_PACKAGES))
    packages[`openai@${major}`] = versionOf(rootRequire, name);
  for (const peer of PEERS) packages[peer.packageName] = versionOf(benchRequire, peer.packageName);
  return {
    os: `${type()} ${process.platform} ${process.arch}`,
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    v8: process.versions.v8,
    packages,
  };
}
