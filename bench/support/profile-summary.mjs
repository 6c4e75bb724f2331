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
    const { functionName, url, lineNumber } = node.callFrame;
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
