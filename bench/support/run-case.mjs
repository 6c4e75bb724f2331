/**
 * Child-process entry: runs one case module and writes its result as JSON to a file. Each case
 * gets a fresh process, so global providers, patched modules and heap never leak between cases.
 * Usage: node run-case.mjs <case-module> <result-file> <timing-json>
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [casePath, resultPath, timingJson] = process.argv.slice(2);
const { run } = await import(pathToFileURL(casePath).href);
const result = await run({ timing: JSON.parse(timingJson) });
writeFileSync(
  resultPath,
  JSON.stringify(result, (_key, value) => (typeof value === 'bigint' ? Number(value) : value)),
);
// Instrumentations may hold timers (unconsumed-response watchdogs); the case is done.
process.exit(0);
