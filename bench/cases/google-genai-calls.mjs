/**
 * Case (g): `models.generateContent` and `models.generateContentStream` (100 chunks, consumed to
 * the end) through the real `@google/genai` 3, answered by an in-process `fetch` (no socket), bare
 * and under genai-otel, each on its own freshly loaded copy of the SDK so that the bare one is
 * never patched. Overheads are taken against the bare SDK in the same round.
 */
import { measureRounds, medianPerRound, round3 } from '../support/measure.mjs';
import { rootRequire, versionOf } from '../support/paths.mjs';
import { installSharedGlobals } from '../support/telemetry.mjs';

const STREAM_CHUNKS = 100;
const MODEL = 'gemini-2.5-flash';

export async function run({ timing }) {
  const { spans } = installSharedGlobals();
  const { GoogleGenAIInstrumentation } = rootRequire('genai-otel');
  const bare = clientOf(freshSdk());
  const instrumentation = new GoogleGenAIInstrumentation();
  const tracedSdk = freshSdk();
  instrumentation.patch(tracedSdk);
  const traced = clientOf(tracedSdk);
  const variants = [
    { id: 'bare', client: bare },
    { id: 'genai-otel', client: traced },
  ];
  const endedBefore = spans.ended;
  await chat(traced);
  await stream(traced);
  const verification = { spansPerTracedCall: (spans.ended - endedBefore) / 2 };

  const chatTimes = await measureRounds(
    variants.map(({ id, client }) => ({ id, fn: () => chat(client) })),
    timing.calls,
  );
  const streamTimes = await measureRounds(
    variants.map(({ id, client }) => ({ id, fn: () => stream(client) })),
    timing.streams,
  );
  const overhead = (times, rounds, units) =>
    round3(
      (medianPerRound(
        rounds,
        (round) => times.get('genai-otel').roundMedians[round] - times.get('bare').roundMedians[round],
      ) *
        1000) /
        units,
    );
  return {
    sdkVersion: versionOf(rootRequire, '@google/genai'),
    verification,
    chatMs: Object.fromEntries([...chatTimes].map(([id, entry]) => [id, entry.median])),
    streamMs: Object.fromEntries([...streamTimes].map(([id, entry]) => [id, entry.median])),
    overheadUs: {
      chatPerCall: overhead(chatTimes, timing.calls.rounds, 1),
      streamPerChunk: overhead(streamTimes, timing.streams.rounds, STREAM_CHUNKS),
    },
  };
}

/** A copy of the SDK's CJS build of its own (the require cache entry is dropped after loading). */
function freshSdk() {
  const path = rootRequire.resolve('@google/genai');
  delete rootRequire.cache[path];
  const sdk = rootRequire(path);
  delete rootRequire.cache[path];
  return sdk;
}

const RESPONSE = JSON.stringify({
  candidates: [
    {
      content: { parts: [{ text: 'Paris is the capital of France.' }], role: 'model' },
      finishReason: 'STOP',
    },
  ],
  usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 8, totalTokenCount: 20 },
  modelVersion: MODEL,
  responseId: 'mUJbafq5NqCbz7IP2N3vmQ0',
});
const STREAM_BODY = Array.from({ length: STREAM_CHUNKS }, (_, index) => {
  const candidate = { content: { parts: [{ text: 'token ' }], role: 'model' } };
  if (index === STREAM_CHUNKS - 1) candidate.finishReason = 'STOP';
  const usageMetadata = { promptTokenCount: 12, candidatesTokenCount: index + 1 };
  return `data: ${JSON.stringify({ candidates: [candidate], usageMetadata, modelVersion: MODEL, responseId: 'r' })}\r\n\r\n`;
}).join('');

async function cannedFetch(url) {
  return String(url).includes(':streamGenerateContent')
    ? new Response(STREAM_BODY, { headers: { 'content-type': 'text/event-stream' } })
    : new Response(RESPONSE, { headers: { 'content-type': 'application/json' } });
}

function clientOf(sdk) {
  return new sdk.GoogleGenAI({
    apiKey: 'bench',
    httpOptions: { baseUrl: 'http://bench.invalid', fetch: cannedFetch },
  });
}

async function chat(client) {
  await client.models.generateContent({ model: MODEL, contents: 'Capital of France?' });
}

async function stream(client) {
  let chunks = 0;
  for await (const _chunk of await client.models.generateContentStream({ model: MODEL, contents: 'Count.' }))
    chunks++;
  if (chunks !== STREAM_CHUNKS) throw new Error(`expected ${STREAM_CHUNKS} chunks, got ${chunks}`);
}
