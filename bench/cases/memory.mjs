/**
 * Case (e), run with --expose-gc: heap after GC across 100,000 instrumented chat calls through
 * genai-otel's own pipeline (register(), batch processor, a no-op exporter), and the heap each
 * open span retains, for a raw OpenTelemetry span and for genai-otel's startSpan.
 */
import { CHAT_PARAMS, cannedFetch } from '../support/canned-openai.mjs';
import { rootRequire } from '../support/paths.mjs';

const gc = globalThis.gc;

function heapAfterGc() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const dropEverything = {
  export(_spans, resultCallback) {
    resultCallback({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
};

export async function run({ timing }) {
  if (typeof gc !== 'function') throw new Error('the memory case needs node --expose-gc');
  const { calls, warmupCalls, checkpoints, openSpans } = timing.memory;
  const api = rootRequire('@opentelemetry/api');
  const { register, startSpan } = rootRequire('genai-otel');
  const handle = register({
    traceExporters: ['none'],
    metricExporters: ['none'],
    spanExporters: [dropEverything],
    flushOnExit: false,
    logLevel: 'error',
  });
  // Loaded after register(), as under --require: the module hook patches it.
  const { OpenAI } = rootRequire('openai');
  const client = new OpenAI({
    apiKey: 'sk-bench',
    baseURL: 'http://127.0.0.1:9/v1',
    fetch: cannedFetch(0),
    maxRetries: 0,
  });
  const instrumented = OpenAI.Chat.Completions.prototype.create.name === 'genaiOtelTraced';
  if (!instrumented) throw new Error('openai was not instrumented by register()');

  for (let i = 0; i < warmupCalls; i++) await client.chat.completions.create(CHAT_PARAMS);
  // The batch processor holds up to 2048 ended spans between exports: flush them first, so
  // the heap shows what stays, not what is queued.
  const settledHeap = async () => {
    await handle.forceFlush();
    return heapAfterGc();
  };
  const heap = [{ calls: 0, bytes: await settledHeap() }];
  const step = calls / checkpoints;
  for (let done = 0; done < calls; ) {
    for (let i = 0; i < step; i++, done++) await client.chat.completions.create(CHAT_PARAMS);
    heap.push({ calls: done, bytes: await settledHeap() });
  }
  const growthBytes = heap[heap.length - 1].bytes - heap[0].bytes;

  const tracer = api.trace.getTracer('bench-memory');
  const raw = retainedPerSpan(openSpans, () => {
    const spans = [];
    for (let i = 0; i < openSpans; i++) spans.push(tracer.startSpan('execute_tool get_weather'));
    return () => {
      for (const span of spans) span.end();
    };
  });
  const ours = retainedPerSpan(openSpans, () => {
    let release;
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    const done = [];
    for (let i = 0; i < openSpans; i++) done.push(startSpan('execute_tool get_weather', () => gate));
    return () => {
      release();
      return Promise.all(done);
    };
  });
  await raw.release();
  await ours.release();

  return {
    calls,
    warmupCalls,
    heapAfterGc: heap,
    growthBytes,
    growthBytesPerCall: growthBytes / calls,
    openSpans,
    retainedBytesPerOpenSpan: { rawOpenTelemetry: raw.perSpan, genaiOtelStartSpan: ours.perSpan },
  };
}

function retainedPerSpan(count, openThem) {
  const before = heapAfterGc();
  const release = openThem();
  const after = heapAfterGc();
  return { perSpan: Math.round((after - before) / count), release };
}
