/**
 * Case (e), run with --expose-gc: heap after GC across 100,000 instrumented chat calls and
 * 100,000 streamed calls through genai-otel's own pipeline (register() with its defaults: span
 * processors, batch processor with a no-op exporter, GenAI metrics into a reader), and the heap each
 * open span retains: a raw OpenTelemetry span, genai-otel's startSpan, and a streamed call whose
 * stream is open and unread (its span, follower and unconsumed-policy entry), against the same
 * open stream of the bare SDK.
 */
import { CHAT_PARAMS, cannedFetch, STREAM_PARAMS } from '../support/canned-openai.mjs';
import { forgetOpenAICopy, freshOpenAI } from '../support/openai-copies.mjs';
import { rootRequire } from '../support/paths.mjs';
import { installTelemetry } from '../support/telemetry.mjs';

/** Content chunks per streamed call: enough to run the per-chunk path, few enough for 100,000 calls. */
const MEMORY_STREAM_CHUNKS = 20;

const gc = globalThis.gc;

function heapAfterGc() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function run({ timing }) {
  if (typeof gc !== 'function') throw new Error('the memory case needs node --expose-gc');
  const { calls, warmupCalls, checkpoints, openSpans } = timing.memory;
  const api = rootRequire('@opentelemetry/api');
  const { startSpan } = rootRequire('genai-otel');
  const bareOpenAI = freshOpenAI(7).OpenAI;
  forgetOpenAICopy(7);
  const { handle } = installTelemetry();
  // Loaded after register(), as under --require: the module hook patches it.
  const { OpenAI } = freshOpenAI(7);
  const clientOptions = {
    apiKey: 'sk-bench',
    baseURL: 'http://127.0.0.1:9/v1',
    fetch: cannedFetch(MEMORY_STREAM_CHUNKS),
    maxRetries: 0,
  };
  const client = new OpenAI(clientOptions);
  const instrumented = OpenAI.Chat.Completions.prototype.create.name === 'genaiOtelTraced';
  if (!instrumented) throw new Error('openai was not instrumented by register()');
  const chat = () => client.chat.completions.create(CHAT_PARAMS);
  const stream = async () => {
    for await (const _chunk of await client.chat.completions.create(STREAM_PARAMS));
  };

  // The batch processor holds up to 2048 ended spans between exports: flush them first, so
  // the heap shows what stays, not what is queued.
  const settledHeap = async () => {
    await handle.forceFlush();
    return heapAfterGc();
  };
  const heapOver = async (call) => {
    for (let i = 0; i < warmupCalls; i++) await call();
    const heap = [{ calls: 0, bytes: await settledHeap() }];
    const step = calls / checkpoints;
    for (let done = 0; done < calls; ) {
      for (let i = 0; i < step; i++, done++) await call();
      heap.push({ calls: done, bytes: await settledHeap() });
    }
    return { heapAfterGc: heap, growthBytes: heap[heap.length - 1].bytes - heap[0].bytes };
  };
  const chatHeap = await heapOver(chat);
  const streamHeap = await heapOver(stream);
  const heap = chatHeap.heapAfterGc;
  const growthBytes = chatHeap.growthBytes;

  const tracer = api.trace.getTracer('bench-memory');
  const raw = await retainedPerSpan(openSpans, () => {
    const spans = [];
    for (let i = 0; i < openSpans; i++) spans.push(tracer.startSpan('execute_tool get_weather'));
    return () => {
      for (const span of spans) span.end();
    };
  });
  const ours = await retainedPerSpan(openSpans, () => {
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
  // Streams opened and left unread (their spans stay open until read, cancelled or the
  // unconsumed timeout): genai-otel's against the bare SDK's.
  const openStreams = (sdkClient) =>
    retainedPerSpan(openSpans, async () => {
      const streams = [];
      for (let i = 0; i < openSpans; i++)
        streams.push(await sdkClient.chat.completions.create(STREAM_PARAMS));
      return async () => {
        for (const opened of streams) for await (const _chunk of opened) break;
      };
    });
  const bareStreams = await openStreams(new bareOpenAI(clientOptions));
  await bareStreams.release();
  const ourStreams = await openStreams(client);
  await ourStreams.release();

  return {
    calls,
    warmupCalls,
    heapAfterGc: heap,
    growthBytes,
    growthBytesPerCall: growthBytes / calls,
    stream: {
      chunksPerCall: MEMORY_STREAM_CHUNKS,
      heapAfterGc: streamHeap.heapAfterGc,
      growthBytes: streamHeap.growthBytes,
      growthBytesPerCall: streamHeap.growthBytes / calls,
    },
    openSpans,
    retainedBytesPerOpenSpan: {
      rawOpenTelemetry: raw.perSpan,
      genaiOtelStartSpan: ours.perSpan,
      bareSdkOpenStream: bareStreams.perSpan,
      genaiOtelOpenStream: ourStreams.perSpan,
      genaiOtelOpenStreamOverBare: ourStreams.perSpan - bareStreams.perSpan,
    },
  };
}

async function retainedPerSpan(count, openThem) {
  const before = heapAfterGc();
  const release = await openThem();
  const after = heapAfterGc();
  return { perSpan: Math.round((after - before) / count), release };
}
