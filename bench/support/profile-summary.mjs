import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Self time of a V8 .cpuprofile, grouped by package (or project folder) and by function. */
export function summarizeProfile(profile) {
  const { nodes, samples, timeDeltas } = profile;
  const selfMicros = new Map();
  for (let i = 0; i < samples.length; i++)
    selfMicros.set(samples[i], (selfMicros.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const byPackage = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const node of nodes) {
    const micros = selfMicros.get(node.id) ?? 0;
    if (micros === 0) continue;
    total += micros;
    const { functionName, url, lineNumber } = originalFrame(node.callFrame);
    const where = packageOf(url, functionName);
    byPackage.set(where, (byPackage.get(where) ?? 0) + micros);
    const key = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, micros]) => ({
        name,
        ms: Math.round(micros / 100) / 10,
        '%': Math.round((micros / total) * 1000) / 10,
      }));
  return { totalMs: total / 1000, byPackage: rows(byPackage), byFunction: rows(byFunction) };
}

const sourceMaps = new Map();

/**
 * The frame in its source file: genai-otel's runtime is bundled (dist/src/entry/*.js, with linked
 * source maps), so a bundle position is mapped back to the module or SDK package it came from.
 */
function originalFrame(frame) {
  if (!/\/dist\/src\/entry\/[^/]+\.js$/.test(frame.url)) return frame;
  const file = fileURLToPath(frame.url.startsWith('file:') ? frame.url : `file://${frame.url}`);
  if (!sourceMaps.has(file)) {
    const mapFile = `${file}.map`;
    sourceMaps.set(
      file,
      existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined,
    );
  }
  const entry = sourceMaps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (!entry?.originalSource) return frame;
  const source = resolve(dirname(file), entry.originalSource.replace(/^file:\/\//, ''));
  // Sources under node_modules keep their package path; genai-otel's own .ts map to dist/ names.
  const url = source.includes('/node_modules/')
    ? source
    : source.replace(/^.*?\/(src|instrumentations)\//, '/dist/$1/');
  return { functionName: frame.functionName, url, lineNumber: entry.originalLine };
}

function packageOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8)';
  if (url.startsWith('node:')) return 'node core';
  const match = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)(?!.*node_modules)/);
  if (match) return match[1];
  const project = url.match(/\/dist\/(src\/[^/]+|instrumentations\/[^/]+)/);
  if (project) return `genai-otel ${project[1]}`;
  return shortUrl(url);
}

function shortUrl(url) {
  const path = url.replace(/^file:\/\//, '');
  if (path.includes('node_modules/')) return path.replace(/^.*node_modules\//, '');
  return path.replace(/^.*\/dist\//, 'dist/');
}
