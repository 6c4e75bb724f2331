/**
 * Case: Bedrock Runtime `ConverseCommand` and `ConverseStreamCommand` (100 text deltas, consumed to
 * the end) through the real `@aws-sdk/client-bedrock-runtime` 3, its signing, serialisation and
 * event-stream decoding included, answered by an in-process request handler (no socket): bare and
 * under genai-otel, each on its own freshly loaded copy of the client class so that the bare one is
 * never patched. Overheads are taken against the bare SDK in the same round.
 */
import { Readable } from 'node:stream';
import { measureRounds, medianPerRound, round3 } from '../support/measure.mjs';
import { rootRequire, versionOf } from '../support/paths.mjs';
import { installTelemetry } from '../support/telemetry.mjs';

const STREAM_DELTAS = 100;
const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

export async function run({ timing }) {
  const { spans } = installTelemetry();
  const { BedrockInstrumentation } = rootRequire('genai-otel');
  const bare = clientOf(freshSdk());
  const instrumentation = new BedrockInstrumentation();
  const tracedSdk = freshSdk();
  instrumentation.patch(tracedSdk);
  const traced = clientOf(tracedSdk);
  const variants = [
    { id: 'bare', client: bare },
    { id: 'genai-otel', client: traced },
  ];
  const endedBefore = spans.ended;
  await converse(traced.sdk, traced.client);
  await converseStream(traced.sdk, traced.client);
  const verification = { spansPerTracedCall: (spans.ended - endedBefore) / 2 };

  const chatTimes = await measureRounds(
    variants.map(({ id, client }) => ({ id, fn: () => converse(client.sdk, client.client) })),
    timing.calls,
  );
  const streamTimes = await measureRounds(
    variants.map(({ id, client }) => ({ id, fn: () => converseStream(client.sdk, client.client) })),
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
  bare.client.destroy();
  traced.client.destroy();
  return {
    sdkVersion: versionOf(rootRequire, '@aws-sdk/client-bedrock-runtime'),
    verification,
    chatMs: Object.fromEntries([...chatTimes].map(([id, entry]) => [id, entry.median])),
    streamMs: Object.fromEntries([...streamTimes].map(([id, entry]) => [id, entry.median])),
    overheadUs: {
      chatPerCall: overhead(chatTimes, timing.calls.rounds, 1),
      streamPerChunk: overhead(streamTimes, timing.streams.rounds, STREAM_DELTAS),
    },
  };
}

/** A copy of the client's CJS entry of its own (the require cache entry is dropped after loading). */
function freshSdk() {
  const path = rootRequire.resolve('@aws-sdk/client-bedrock-runtime');
  delete rootRequire.cache[path];
  const sdk = rootRequire(path);
  delete rootRequire.cache[path];
  return sdk;
}

const { EventStreamCodec } = rootRequire('@smithy/eventstream-codec');
const { fromUtf8, toUtf8 } = rootRequire('@smithy/util-utf8');
const codec = new EventStreamCodec(toUtf8, fromUtf8);

function event(type, payload) {
  const string = (value) => ({ type: 'string', value });
  return codec.encode({
    headers: {
      ':message-type': string('event'),
      ':event-type': string(type),
      ':content-type': string('application/json'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

const CONVERSE_BODY = Buffer.from(
  JSON.stringify({
    output: { message: { role: 'assistant', content: [{ text: 'Paris is the capital of France.' }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: 12, outputTokens: 8, totalTokens: 20 },
    metrics: { latencyMs: 300 },
  }),
);
const STREAM_BODY = Buffer.concat([
  event('messageStart', { role: 'assistant' }),
  ...Array.from({ length: STREAM_DELTAS }, () =>
    event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'token ' } }),
  ),
  event('contentBlockStop', { contentBlockIndex: 0 }),
  event('messageStop', { stopReason: 'end_turn' }),
  event('metadata', {
    usage: { inputTokens: 12, outputTokens: 100, totalTokens: 112 },
    metrics: { latencyMs: 1 },
  }),
]);

/** A Smithy request handler answering every request at once, as Bedrock would, without a socket. */
const cannedHandler = {
  metadata: { handlerProtocol: 'h2' },
  async handle(request) {
    const streaming = request.path.endsWith('/converse-stream');
    return {
      response: {
        statusCode: 200,
        headers: {
          'content-type': streaming ? 'application/vnd.amazon.eventstream' : 'application/json',
          'x-amzn-requestid': 'bench',
        },
        body: Readable.from([streaming ? STREAM_BODY : CONVERSE_BODY]),
      },
    };
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
  destroy() {},
};

function clientOf(sdk) {
  const client = new sdk.BedrockRuntimeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
    requestHandler: cannedHandler,
    maxAttempts: 1,
  });
  return { sdk, client };
}

const MESSAGES = [{ role: 'user', content: [{ text: 'Capital of France?' }] }];

async function converse(sdk, client) {
  await client.send(new sdk.ConverseCommand({ modelId: MODEL, messages: MESSAGES }));
}

async function converseStream(sdk, client) {
  const response = await client.send(new sdk.ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }));
  let deltas = 0;
  for await (const item of response.stream ?? []) if (item.contentBlockDelta) deltas++;
  if (deltas !== STREAM_DELTAS) throw new Error(`expected ${STREAM_DELTAS} deltas, got ${deltas}`);
}
