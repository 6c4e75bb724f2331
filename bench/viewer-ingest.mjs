/**
 * `node bench/viewer-ingest.mjs` (after `npm run build`): how fast `genai-otel view` stores spans
 * and answers the trace list. One process, one thread, a file store in WAL mode as users get it.
 *
 * 1. Ingest: OTLP protobuf export requests of 512 spans (the batch processor's batch size) with
 *    GenAI attributes and captured content, decoded and written through the same code the
 *    receiver runs (decode → span records → one transaction per batch). Reports spans/s.
 * 2. Queries with `--spans` stored spans (default 100,000, in traces of 10): the first page of the
 *    trace list (unfiltered, by model, by status, by text), facets, one trace, the overview;
 *    median of repeated runs. And text search by FTS5 against a LIKE scan, for the record.
 *
 * `--spans N` changes the stored volume; `--quick` stores 10,000 (a smoke run, numbers mean little);
 * `--keep` leaves the store file for a look with other queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rootRequire } from './support/paths.mjs';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const totalSpans = values.quick ? 10_000 : Number(values.spans);
const SPANS_PER_TRACE = 10;
const BATCH = 512;

process.removeAllListeners('warning'); // node:sqlite's ExperimentalWarning on older Node
const { decodeOtlpProtoRequest, otlpProtoRoot } = rootRequire('./dist/src/viewer/otlp/otlp-proto-schema.js');
const { spansFromTraceRequest } = rootRequire('./dist/src/viewer/otlp/otlp-trace-request.js');
const { SpanStore } = rootRequire('./dist/src/viewer/store/span-store.js');
const { listTraces, listFacets, getTrace } = rootRequire('./dist/src/viewer/store/trace-queries.js');
const { overview } = rootRequire('./dist/src/viewer/store/overview-query.js');

const MODELS = ['gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4', 'gemini-2.5-flash'];
const PROVIDERS = ['openai', 'openai', 'anthropic', 'gcp.gemini'];
const WORDS = [
  'weather',
  'lisbon',
  'invoice',
  'refund',
  'itinerary',
  'flight',
  'hotel',
  'museum',
  'budget',
  'visa',
];

const kv = (key, value) => ({
  key,
  value:
    typeof value === 'string'
      ? { stringValue: value }
      : Number.isInteger(value)
        ? { intValue: value }
        : { doubleValue: value },
});
const hex = (value, bytes) => Buffer.from(value.toString(16).padStart(bytes * 2, '0'), 'hex');

/** Spans [first, first + count) of the synthetic workload: 10-span agent traces, 1 s apart. */
function protoBatch(first, count, startMs) {
  const spans = [];
  for (let index = first; index < first + count; index++) {
    const trace = Math.floor(index / SPANS_PER_TRACE);
    const position = index % SPANS_PER_TRACE;
    const model = trace % MODELS.length;
    const traceStart = startMs + trace * 1_000;
    const isRoot = position === 0;
    const isChat = position % 2 === 1;
    const attributes = isRoot
      ? [kv('gen_ai.operation.name', 'invoke_agent'), kv('gen_ai.agent.name', 'trip-planner')]
      : isChat
        ? [
            kv('gen_ai.operation.name', 'chat'),
            kv('gen_ai.provider.name', PROVIDERS[model]),
            kv('gen_ai.request.model', MODELS[model]),
            kv('gen_ai.response.model', MODELS[model]),
            kv('gen_ai.usage.input_tokens', 800 + (index % 97)),
            kv('gen_ai.usage.output_tokens', 120 + (index % 31)),
            kv('gen_ai.response.finish_reasons', 'stop'),
            kv('gen_ai.response.time_to_first_chunk', 0.2 + (index % 10) / 100),
            kv('genai_otel.cost.usd', 0.0004),
            kv(
              'gen_ai.input.messages',
              JSON.stringify([
                { role: 'system', parts: [{ type: 'text', content: 'You plan trips. Be brief.' }] },
                {
                  role: 'user',
                  parts: [
                    {
                      type: 'text',
                      content: `Plan day ${position} with ${WORDS[trace % WORDS.length]} in mind, trace ${trace}.`,
                    },
                  ],
                },
              ]),
            ),
            kv(
              'gen_ai.output.messages',
              JSON.stringify([
                {
                  role: 'assistant',
                  parts: [{ type: 'text', content: 'Morning: museum. Afternoon: walk.' }],
                  finish_reason: 'stop',
                },
              ]),
            ),
          ]
        : [
            kv('gen_ai.operation.name', 'execute_tool'),
            kv('gen_ai.tool.name', 'get_weather'),
            kv('gen_ai.tool.call.arguments', '{"city":"Lisbon"}'),
          ];
    const start = BigInt(traceStart + position * 50) * 1_000_000n;
    spans.push({
      traceId: hex(trace + 1, 16),
      spanId: hex(index + 1, 8),
      ...(isRoot ? {} : { parentSpanId: hex(trace * SPANS_PER_TRACE + 1, 8) }),
      name: isRoot
        ? 'invoke_agent trip-planner'
        : isChat
          ? `chat ${MODELS[model]}`
          : 'execute_tool get_weather',
      kind: isChat ? 3 : 1,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + (isRoot ? 900_000_000n : 40_000_000n)).toString(),
      attributes,
      status: trace % 25 === 0 && position === 2 ? { code: 2, message: 'tool failed' } : {},
    });
  }
  const type = otlpProtoRoot.lookupType('otlp.ExportTraceServiceRequest');
  const request = {
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', 'trip-agent'), kv('telemetry.sdk.language', 'nodejs')] },
        scopeSpans: [{ scope: { name: 'genai-otel', version: '0.1.0' }, spans }],
      },
    ],
  };
  return type.encode(type.fromObject(request)).finish();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function timeMs(run, repeats = 15) {
  run(); // warm the statement cache
  const samples = [];
  for (let index = 0; index < repeats; index++) {
    const started = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

const scratch = mkdtempSync(join(tmpdir(), 'genai-otel-viewer-bench-'));
const store = new SpanStore({ path: join(scratch, 'view.db') });
try {
  const startMs = Date.now() - totalSpans * 100;
  // Encoding is the app's work, not the viewer's: prepare the requests before the clock starts.
  const requests = [];
  for (let first = 0; first < totalSpans; first += BATCH)
    requests.push(protoBatch(first, Math.min(BATCH, totalSpans - first), startMs));
  const requestBytes = requests.reduce((sum, request) => sum + request.length, 0);

  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  let decodeMs = 0;
  for (const body of requests) {
    const decodeStarted = process.hrtime.bigint();
    const { spans } = spansFromTraceRequest(decodeOtlpProtoRequest('traces', body));
    decodeMs += Number(process.hrtime.bigint() - decodeStarted) / 1e6;
    store.write(spans);
  }
  const ingestMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const dbBytes = store.usedBytes();
  const sample = listTraces(store.db, { limit: 1 }).traces[0];
  const queries = {
    'trace list, first page (50)': () => listTraces(store.db, { limit: 50 }),
    'trace list, model filter': () => listTraces(store.db, { limit: 50, model: 'claude-sonnet-4' }),
    'trace list, status=error': () => listTraces(store.db, { limit: 50, status: 'error' }),
    'trace list, min duration 800 ms': () => listTraces(store.db, { limit: 50, minDurationMs: 800 }),
    'trace list, text search "lisbon"': () => listTraces(store.db, { limit: 50, q: 'lisbon' }),
    'trace list, text search "museum weather"': () =>
      listTraces(store.db, { limit: 50, q: 'museum weather' }),
    facets: () => listFacets(store.db),
    'one trace (10 spans)': () => getTrace(store.db, sample.traceId),
    'overview, everything': () => overview(store.db, {}),
  };
  const queryMs = Object.fromEntries(Object.entries(queries).map(([name, run]) => [name, timeMs(run)]));
  // What FTS5 buys over a scan of the stored records, for the same word.
  const likeMs = timeMs(
    () =>
      store.db
        .prepare(
          "SELECT * FROM traces WHERE trace_id IN (SELECT s.trace_id FROM span_records r JOIN spans s ON s.id = r.id WHERE r.record LIKE '%lisbon%') ORDER BY start_ms DESC LIMIT 50",
        )
        .all(),
    5,
  );

  const result = {
    node: process.version,
    storedSpans: totalSpans,
    storedTraces: totalSpans / SPANS_PER_TRACE,
    requestKiB: Math.round(requestBytes / 1024),
    storeMiB: Number((dbBytes / 1024 / 1024).toFixed(1)),
    ingest: {
      spansPerSecond: Math.round(totalSpans / (ingestMs / 1000)),
      spansPerCpuSecond: Math.round(totalSpans / (cpuMs / 1000)),
      decodeShare: Number((decodeMs / ingestMs).toFixed(2)),
    },
    queryMedianMs: Object.fromEntries(
      Object.entries(queryMs).map(([name, ms]) => [name, Number(ms.toFixed(2))]),
    ),
    textSearchLikeScanMs: Number(likeMs.toFixed(1)),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  store.close();
  if (values.keep) console.error(`store kept at ${join(scratch, 'view.db')}`);
  else rmSync(scratch, { recursive: true, force: true });
}
