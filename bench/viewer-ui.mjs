/**
 * `node bench/viewer-ui.mjs` (after `npm run build`): how fast the viewer's trace list paints
 * with a large store. Starts the real `genai-otel view` on a temporary SQLite file, fills it with
 * 100,000 spans (20,000 five-span agent traces over the last 24 h, GenAI attributes and captured
 * content) through its OTLP/HTTP endpoint, then loads the UI in headless Chromium (Debian's
 * /usr/bin/chromium, as the browser tests) in a fresh context each time (cold cache) and reads:
 *
 * - list painted: the UI's `genai-otel:trace-list-painted` mark, set in the first animation frame
 *   after the first rows are rendered (navigation start → rows on screen);
 * - first contentful paint, DOMContentLoaded, from Chromium's performance timeline;
 * - the page's main-thread task and script time up to then (Chromium's Performance metrics);
 * - the API call the list makes, `/api/traces?limit=50`, timed from Node;
 * - the bundle's size, raw and gzipped.
 *
 * `--spans N` changes the store size; `--loads N` the number of page loads; `--smoke` is a quick
 * run that only checks the bench works (numbers mean nothing).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/src/cli/genai-otel.js');
const UI_ASSETS = join(ROOT, 'dist/viewer-ui/assets');
const CHROMIUM = process.env.GENAI_OTEL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SPANS_PER_TRACE = 5;
const SPANS_PER_REQUEST = 2_000;
const LIST_PAINTED_MARK = 'genai-otel:trace-list-painted';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    loads: { type: 'string', default: '10' },
    smoke: { type: 'boolean', default: false },
  },
});
const totalSpans = values.smoke ? 2_000 : Number(values.spans);
const loads = values.smoke ? 2 : Number(values.loads);

const scratch = mkdtempSync(join(tmpdir(), 'genai-otel-viewer-bench-'));
const viewer = await startViewer(join(scratch, 'view.db'));
let browser;
try {
  const ingestStarted = performance.now();
  const lastTraceId = await fillStore(viewer.url, totalSpans);
  await waitUntilStored(viewer.url, lastTraceId);
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  process.stderr.write(`viewer-ui bench: ${totalSpans} spans stored in ${ingestSeconds.toFixed(1)} s\n`);

  const apiMs = [];
  for (let i = 0; i < Math.max(loads, 5); i++) {
    const started = performance.now();
    const response = await fetch(`${viewer.url}/api/traces?limit=50`);
    const body = await response.json();
    apiMs.push(performance.now() - started);
    if (body.traces.length !== 50) throw new Error(`expected 50 traces, got ${body.traces.length}`);
  }

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const pageLoads = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const devtools = await context.newCDPSession(page);
    await devtools.send('Performance.enable');
    await page.goto(`${viewer.url}/`);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, LIST_PAINTED_MARK, {
      timeout: 30_000,
    });
    const timing = await page.evaluate(`(() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        listPaintedMs: performance.getEntriesByName('${LIST_PAINTED_MARK}')[0].startTime,
        firstContentfulPaintMs: fcp ? fcp.startTime : null,
        domContentLoadedMs: navigation.domContentLoadedEventEnd,
        rows: document.querySelectorAll('.trace-rows .trace-row').length,
      };
    })()`);
    if (timing.rows !== 50) throw new Error(`expected 50 rows on screen, got ${timing.rows}`);
    // Main-thread work (seconds of CPU the page's tasks and scripts took): less sensitive than
    // wall-clock times to other processes competing for the cores.
    const { metrics } = await devtools.send('Performance.getMetrics');
    const metric = (name) => (metrics.find((entry) => entry.name === name)?.value ?? 0) * 1000;
    pageLoads.push({ ...timing, taskMs: metric('TaskDuration'), scriptMs: metric('ScriptDuration') });
    await context.close();
  }

  const bundle = readdirSync(UI_ASSETS).map((name) => {
    const bytes = readFileSync(join(UI_ASSETS, name));
    return { name, kib: round(bytes.length / 1024), gzipKib: round(gzipSync(bytes).length / 1024) };
  });
  const result = {
    smoke: values.smoke,
    spans: totalSpans,
    traces: totalSpans / SPANS_PER_TRACE,
    ingestSeconds: round(ingestSeconds),
    pageLoads: loads,
    listPaintedMs: stats(pageLoads.map((load) => load.listPaintedMs)),
    firstContentfulPaintMs: stats(
      pageLoads.map((load) => load.firstContentfulPaintMs).filter((v) => v !== null),
    ),
    domContentLoadedMs: stats(pageLoads.map((load) => load.domContentLoadedMs)),
    mainThreadTaskMs: stats(pageLoads.map((load) => load.taskMs)),
    mainThreadScriptMs: stats(pageLoads.map((load) => load.scriptMs)),
    apiTracesLimit50Ms: stats(apiMs),
    bundle,
    chromium: browser.version(),
    node: process.version,
    loadAverage: (await import('node:os')).loadavg().map(round),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!values.smoke && result.listPaintedMs.median >= 1000) {
    process.stderr.write(
      `viewer-ui bench: trace list first paint ${result.listPaintedMs.median} ms ≥ 1 s target\n`,
    );
  }
} finally {
  await browser?.close();
  await viewer.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** Posts `count` spans as OTLP/JSON, 2,000 per request; resolves to the last trace's id. */
async function fillStore(url, count) {
  const now = Date.now();
  const traces = Math.ceil(count / SPANS_PER_TRACE);
  const perRequest = SPANS_PER_REQUEST / SPANS_PER_TRACE;
  let lastTraceId = '';
  for (let first = 0; first < traces; first += perRequest) {
    const spans = [];
    for (let index = first; index < Math.min(first + perRequest, traces); index++) {
      // Spread over the last 24 hours, oldest first, as an app would have sent them.
      const startMs = now - 86_400_000 + (index / traces) * 86_300_000;
      lastTraceId = randomBytes(16).toString('hex');
      spans.push(...agentTraceSpans(lastTraceId, startMs, index));
    }
    const response = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [attribute('service.name', `bench-service-${first % 3}`)] },
            scopeSpans: [{ scope: { name: 'genai-otel', version: '0.1.0' }, spans }],
          },
        ],
      }),
    });
    if (response.status === 429) {
      // The receiver sheds load: wait and send the same batch again.
      await new Promise((resolve) => setTimeout(resolve, 200));
      first -= perRequest;
      continue;
    }
    if (!response.ok) throw new Error(`POST /v1/traces: ${response.status} ${await response.text()}`);
  }
  return lastTraceId;
}

function agentTraceSpans(traceId, startMs, index) {
  const agentId = randomBytes(8).toString('hex');
  const model = index % 4 === 0 ? 'gpt-4o' : 'gpt-4o-mini';
  const span = (name, offsetMs, durationMs, attributes, isRoot = false) => ({
    traceId,
    spanId: isRoot ? agentId : randomBytes(8).toString('hex'),
    parentSpanId: isRoot ? '' : agentId,
    name,
    kind: name.startsWith('chat') ? 3 : 1,
    startTimeUnixNano: nanos(startMs + offsetMs),
    endTimeUnixNano: nanos(startMs + offsetMs + durationMs),
    attributes,
    status: { code: index % 50 === 0 && name.startsWith('execute_tool') ? 2 : 0 },
  });
  const chat = (offsetMs, question, answer) =>
    span(`chat ${model}`, offsetMs, 400 + (index % 7) * 90, [
      attribute('gen_ai.operation.name', 'chat'),
      attribute('gen_ai.provider.name', 'openai'),
      attribute('gen_ai.request.model', model),
      attribute('gen_ai.response.model', `${model}-2024-07-18`),
      attribute('gen_ai.usage.input_tokens', 50 + (index % 100)),
      attribute('gen_ai.usage.output_tokens', 10 + (index % 40)),
      attribute('genai_otel.cost.usd', 0.00002 + (index % 10) * 0.000001),
      attribute(
        'gen_ai.input.messages',
        JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
      ),
      attribute(
        'gen_ai.output.messages',
        JSON.stringify([
          { role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text', content: answer }] },
        ]),
      ),
    ]);
  return [
    span(
      'invoke_agent trip-helper',
      0,
      1500,
      [attribute('gen_ai.operation.name', 'invoke_agent'), attribute('gen_ai.agent.name', 'trip-helper')],
      true,
    ),
    chat(5, `Trip ${index}: weather and local time in city ${index % 500}?`, 'Calling the tools.'),
    span('execute_tool get_weather', 600, 3, [
      attribute('gen_ai.operation.name', 'execute_tool'),
      attribute('gen_ai.tool.name', 'get_weather'),
    ]),
    span('execute_tool get_local_time', 605, 1, [
      attribute('gen_ai.operation.name', 'execute_tool'),
      attribute('gen_ai.tool.name', 'get_local_time'),
    ]),
    chat(700, 'Tool results follow.', `It is ${index % 30} °C with light rain.`),
  ];
}

function attribute(key, value) {
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  if (Number.isInteger(value)) return { key, value: { intValue: String(value) } };
  return { key, value: { doubleValue: value } };
}

function nanos(ms) {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

async function waitUntilStored(url, traceId) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/traces/${traceId}`);
    if (response.ok && (await response.json()).spans.length === SPANS_PER_TRACE) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the viewer did not store the spans within 5 minutes');
}

function startViewer(dbPath) {
  const child = spawn(
    process.execPath,
    [CLI, 'view', '--port', '0', '--db', dbPath, '--retain', 'off', '--max-mb', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`genai-otel view did not start:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /UI at (http:\/\/[^/\s]+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`genai-otel view exited with ${code}:\n${output}`)));
  });
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: round(at(0.5)), p90: round(at(0.9)), min: round(sorted[0]), max: round(sorted.at(-1)) };
}

function round(value) {
  return Math.round(value * 10) / 10;
}
