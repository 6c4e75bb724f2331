/**
 * Case (h): `messages.create()` through the real `@anthropic-ai/sdk`, non-streaming and streamed
 * (200 text deltas, consumed to the end), answered by an in-process `fetch` (no socket): the bare
 * SDK, the limit (one hand-written span with genai-otel's attributes), the fair limit (that span
 * plus the same metric records, attribute sets built once) and genai-otel through `register()`
 * (the module hook patches the copy required after it). Each on its own copy of the SDK.
 */
import { dirname, sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  cannedAnthropicFetch,
  MESSAGE_PARAMS,
  STREAM_PARAMS,
  streamEventCount,
} from '../support/canned-anthropic.mjs';
import { measureRounds, medianPerRound, round3 } from '../support/measure.mjs';
import { rootRequire, versionOf } from '../support/paths.mjs';
import { installTelemetry } from '../support/telemetry.mjs';

const STREAM_CHUNKS = 200;
const PACKAGE = '@anthropic-ai/sdk';
const GENAI_OTEL_SCOPE = 'genai-otel/instrumentation-anthropic';

export async function run({ timing }) {
  const bareSdk = freshSdk();
  const limitSdk = freshSdk();
  const fairSdk = freshSdk();
  forgetSdk();
  const { spans, tracerProvider, meterProvider } = installTelemetry();
  const oursSdk = freshSdk(); // required after register(): patched by its module hook
  const oursQuietSdk = freshSdk();
  forgetSdk();

  const variants = [
    { id: 'bare', kind: 'bare', scope: undefined, ...sdkCaller(clientOf(bareSdk)) },
    {
      id: 'limit',
      kind: 'limit',
      scope: 'bench-limit',
      ...limitCaller(clientOf(limitSdk), tracerProvider.getTracer('bench-limit')),
    },
    {
      id: 'fair',
      kind: 'limit',
      scope: 'bench-fair-limit',
      ...limitCaller(
        clientOf(fairSdk),
        tracerProvider.getTracer('bench-fair-limit'),
        meterProvider.getMeter('bench-fair-limit'),
      ),
    },
    { id: 'genai-otel', kind: 'genai-otel', scope: GENAI_OTEL_SCOPE, ...sdkCaller(clientOf(oursSdk, true)) },
    // The same with the client's own tracing off (`openTelemetry: false`): what is left of the
    // SDK's part in genai-otel's column — setting its tracer aside for the call and the trace
    // headers genai-otel then sends itself (instrumentations/anthropic/sdk-own-spans.ts).
    {
      id: 'genai-otel-sdk-tracing-off',
      kind: 'genai-otel',
      scope: GENAI_OTEL_SCOPE,
      ...sdkCaller(clientOf(oursQuietSdk)),
    },
  ];
  const verification = await verify(variants, spans);

  const chat = await measureRounds(
    variants.map((variant) => ({ id: variant.id, fn: variant.chat })),
    timing.calls,
  );
  const stream = await measureRounds(
    variants.map((variant) => ({ id: variant.id, fn: variant.stream })),
    timing.streams,
  );
  return {
    sdkVersion: versionOf(rootRequire, PACKAGE),
    variants: variants.map(({ id, kind, scope }) => ({
      id,
      kind,
      scope,
      chatMs: summary(chat.get(id)),
      streamMs: summary(stream.get(id)),
    })),
    verification,
    ratios: {
      chat: overheads(variants, chat, timing.calls.rounds, 1),
      stream: overheads(variants, stream, timing.streams.rounds, STREAM_CHUNKS),
    },
    // From each round's fastest sample (see openai-calls.mjs).
    ratiosFromMinimums: {
      chat: overheads(variants, chat, timing.calls.rounds, 1, 'roundMins'),
      stream: overheads(variants, stream, timing.streams.rounds, STREAM_CHUNKS, 'roundMins'),
    },
  };
}

function summary(entry) {
  return {
    median: entry.median,
    min: entry.min,
    max: entry.max,
    roundMedians: entry.roundMedians,
    roundMins: entry.roundMins,
  };
}

function overheads(variants, results, rounds, divisor, perRound = 'roundMedians') {
  const at = (id, round) => results.get(id)[perRound][round];
  const overheadUs = (id, round) => ((at(id, round) - at('bare', round)) * 1000) / divisor;
  const out = {};
  for (const { id, kind } of variants) {
    if (kind === 'bare') continue;
    out[id] = {
      overheadUs: round3(medianPerRound(rounds, (r) => overheadUs(id, r))),
      timeVsBare: round3(medianPerRound(rounds, (r) => at(id, r) / at('bare', r))),
      overheadVsLimit: round3(medianPerRound(rounds, (r) => overheadUs(id, r) / overheadUs('limit', r))),
      overheadVsFairLimit: round3(medianPerRound(rounds, (r) => overheadUs(id, r) / overheadUs('fair', r))),
    };
  }
  return out;
}

/** Each variant once, streaming and not: exactly one span of its own, the limits' keys equal to ours. */
async function verify(variants, spans) {
  const keys = {};
  for (const variant of variants) {
    for (const mode of ['chat', 'stream']) {
      const endedBefore = spans.ended;
      const returned = await variant[mode]();
      await nextTurn();
      const ended = spans.ended - endedBefore;
      if (mode === 'stream' && returned !== streamEventCount(STREAM_CHUNKS))
        throw new Error(`${variant.id} stream: consumed ${returned} events`);
      if (variant.kind === 'bare') {
        if (ended !== 0) throw new Error(`bare call ended ${ended} spans: ${[...spans.last.keys()]}`);
        continue;
      }
      const span = spans.last.get(variant.scope);
      if (ended !== 1 || span === undefined) throw new Error(`${variant.id} ${mode}: ${ended} spans ended`);
      keys[`${variant.id} ${mode}`] = Object.keys(span.attributes).sort().join();
    }
  }
  for (const mode of ['chat', 'stream']) {
    for (const limit of ['limit', 'fair', 'genai-otel-sdk-tracing-off']) {
      if (keys[`${limit} ${mode}`] !== keys[`genai-otel ${mode}`])
        throw new Error(
          `${limit} ${mode} attributes differ: ${keys[`${limit} ${mode}`]} vs ${keys[`genai-otel ${mode}`]}`,
        );
    }
  }
  return { attributeKeys: keys };
}

function sdkCaller(client) {
  return {
    chat: () => client.messages.create(MESSAGE_PARAMS),
    stream: async () => {
      let events = 0;
      for await (const _event of await client.messages.create(STREAM_PARAMS)) events++;
      return events;
    },
  };
}

/**
 * `@anthropic-ai/sdk` 1.x makes a span of its own per call once a global tracer provider exists.
 * The bare SDK and the limits run with that off (`openTelemetry: false`): the bare call makes no
 * span, the limits exactly theirs. genai-otel's client keeps the default, as users run it; for the
 * calls genai-otel traces the SDK runs its untraced path and genai-otel sends the trace headers
 * (instrumentations/anthropic/sdk-own-spans.ts), and what that costs is counted as genai-otel's.
 */
function clientOf(sdk, sdkSpans = false) {
  return new sdk.Anthropic({
    apiKey: 'sk-ant-bench',
    baseURL: 'http://127.0.0.1:9',
    fetch: cannedAnthropicFetch(STREAM_CHUNKS),
    maxRetries: 0,
    ...(sdkSpans ? {} : { openTelemetry: false }),
  });
}

function freshSdk() {
  forgetSdk();
  return rootRequire(PACKAGE);
}

function forgetSdk() {
  let dir = dirname(rootRequire.resolve(PACKAGE));
  while (!dir.endsWith(`${sep}node_modules${sep}@anthropic-ai${sep}sdk`)) dir = dirname(dir);
  for (const key of Object.keys(rootRequire.cache))
    if (key.startsWith(dir + sep)) delete rootRequire.cache[key];
}

/**
 * The hand-written span with genai-otel's Anthropic attributes (cost priced the cheapest way: a
 * per-model price looked up once, then multiplies) and, with `meter`, genai-otel's metric records
 * with attribute sets built once per response model.
 */
function limitCaller(client, tracer, meter) {
  const api = rootRequire('@opentelemetry/api');
  const { calcPrice } = rootRequire('@pydantic/genai-prices');
  const prices = new Map();
  const priceOf = (model) => {
    let price = prices.get(model);
    if (price === undefined) {
      const perMillion = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, model, {
        providerId: 'anthropic',
      });
      price = { input: perMillion.input_price / 1e6, output: perMillion.output_price / 1e6 };
      prices.set(model, price);
    }
    return price;
  };
  const metrics = meter && handWrittenMetrics(meter);
  const spanOptions = (params) => {
    const attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': params.model,
      'server.address': '127.0.0.1',
      'server.port': 9,
    };
    if (params.stream) attributes['gen_ai.request.stream'] = true;
    attributes['gen_ai.request.temperature'] = params.temperature;
    attributes['gen_ai.request.max_tokens'] = params.max_tokens;
    return { kind: api.SpanKind.CLIENT, attributes };
  };
  const finish = (span, params, message, usage, started, intervals, firstChunkSeconds) => {
    const price = priceOf(message.model);
    const inputUsd = usage.input_tokens * price.input;
    const outputUsd = usage.output_tokens * price.output;
    span.setAttributes({
      'gen_ai.response.id': message.id,
      'gen_ai.response.model': message.model,
      'gen_ai.response.finish_reasons': [message.stop_reason === 'end_turn' ? 'stop' : message.stop_reason],
      'gen_ai.usage.input_tokens': usage.input_tokens,
      'gen_ai.usage.output_tokens': usage.output_tokens,
      'gen_ai.usage.cache_read.input_tokens': usage.cache_read_input_tokens,
      'gen_ai.usage.cache_creation.input_tokens': usage.cache_creation_input_tokens,
      'anthropic.message.stop_reason': message.stop_reason,
      'anthropic.response.service_tier': usage.service_tier,
      'anthropic.usage.cache_creation.ephemeral_5m_input_tokens':
        usage.cache_creation.ephemeral_5m_input_tokens,
      'anthropic.usage.cache_creation.ephemeral_1h_input_tokens':
        usage.cache_creation.ephemeral_1h_input_tokens,
      'genai_otel.cost.usd': inputUsd + outputUsd,
      'genai_otel.cost.input_usd': inputUsd,
      'genai_otel.cost.output_usd': outputUsd,
      'genai_otel.cost.source': 'genai-prices',
    });
    metrics?.record(
      params.model,
      message.model,
      started,
      usage,
      inputUsd + outputUsd,
      intervals,
      firstChunkSeconds,
    );
  };
  const name = (params) => `chat ${params.model}`;
  return {
    chat: () =>
      tracer.startActiveSpan(name(MESSAGE_PARAMS), spanOptions(MESSAGE_PARAMS), async (span) => {
        const started = performance.now();
        try {
          const message = await client.messages.create(MESSAGE_PARAMS);
          finish(span, MESSAGE_PARAMS, message, message.usage, started);
          return message;
        } finally {
          span.end();
        }
      }),
    stream: () =>
      tracer.startActiveSpan(name(STREAM_PARAMS), spanOptions(STREAM_PARAMS), async (span) => {
        const started = performance.now();
        let events = 0;
        let previous = 0;
        let firstChunkSeconds = 0;
        const intervals = metrics && [];
        let message;
        let usage;
        let stopReason;
        try {
          for await (const event of await client.messages.create(STREAM_PARAMS)) {
            const now = performance.now();
            if (events++ === 0) {
              firstChunkSeconds = (now - started) / 1000;
              span.setAttribute('gen_ai.response.time_to_first_chunk', firstChunkSeconds);
            } else intervals?.push((now - previous) / 1000);
            previous = now;
            if (event.type === 'message_start') {
              message = event.message;
              usage = event.message.usage;
            } else if (event.type === 'message_delta') {
              usage = { ...usage, ...event.usage };
              stopReason = event.delta.stop_reason;
            }
          }
          finish(
            span,
            STREAM_PARAMS,
            { ...message, stop_reason: stopReason },
            usage,
            started,
            intervals,
            firstChunkSeconds,
          );
          return events;
        } finally {
          span.end();
        }
      }),
  };
}

function handWrittenMetrics(meter) {
  const seconds = { unit: 's' };
  const duration = meter.createHistogram('gen_ai.client.operation.duration', seconds);
  const tokens = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}' });
  const timeToFirstChunk = meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', seconds);
  const timePerOutputChunk = meter.createHistogram('gen_ai.client.operation.time_per_output_chunk', seconds);
  const cost = meter.createCounter('genai_otel.client.cost', { unit: '{USD}' });
  const sets = new Map();
  const setsFor = (requestModel, responseModel) => {
    const key = `${requestModel}\u0000${responseModel}`;
    let found = sets.get(key);
    if (found === undefined) {
      const base = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': requestModel,
        'gen_ai.response.model': responseModel,
        'server.address': '127.0.0.1',
        'server.port': 9,
      };
      found = {
        base,
        input: { ...base, 'gen_ai.token.type': 'input' },
        output: { ...base, 'gen_ai.token.type': 'output' },
      };
      sets.set(key, found);
    }
    return found;
  };
  return {
    record(requestModel, responseModel, started, usage, costUsd, intervals, firstChunkSeconds) {
      const found = setsFor(requestModel, responseModel);
      duration.record((performance.now() - started) / 1000, found.base);
      tokens.record(usage.input_tokens, found.input);
      tokens.record(usage.output_tokens, found.output);
      cost.add(costUsd, found.base);
      if (intervals !== undefined) {
        timeToFirstChunk.record(firstChunkSeconds, found.base);
        for (const interval of intervals) timePerOutputChunk.record(interval, found.base);
      }
    },
  };
}
