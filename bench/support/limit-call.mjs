import { rootRequire } from './paths.mjs';

/**
 * The limit: the bare SDK call wrapped in one hand-written span that carries the same attributes
 * genai-otel records (request, response, usage; time to first chunk for streams). Nothing an
 * instrumentation could skip is done here, nothing more: what a perfect instrumentation would cost.
 *
 * With `meter`, the fair limit: the same span plus the metric records genai-otel makes (operation
 * duration, input and output token usage, cost; time to first chunk and one time-per-output-chunk
 * value per chunk after the first for streams), each with an attribute set built once per response
 * model and reused: the same telemetry, written by hand.
 */
export function limitCaller(client, { tracerProvider, meter, scope = 'bench-limit' }) {
  const api = rootRequire('@opentelemetry/api');
  const tracer = tracerProvider.getTracer(scope);
  // genai-otel prices each call (genai_otel.cost.*) when its build has cost recording; the limit
  // then does too, at the least it can cost: a per-model price looked up once, then two multiplies.
  let priceCost = false;
  const pricesPerToken = new Map();
  const pricesOf = (model) => {
    let prices = pricesPerToken.get(model);
    if (prices === undefined) {
      const { calcPrice } = rootRequire('@pydantic/genai-prices');
      const perMillion = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, model, {
        providerId: 'openai',
      });
      prices = { input: perMillion.input_price / 1e6, output: perMillion.output_price / 1e6 };
      pricesPerToken.set(model, prices);
    }
    return prices;
  };
  const costAttributes = (span, model, usage) => {
    const prices = pricesOf(model);
    const inputUsd = usage.prompt_tokens * prices.input;
    const outputUsd = usage.completion_tokens * prices.output;
    span.setAttribute('genai_otel.cost.usd', inputUsd + outputUsd);
    span.setAttribute('genai_otel.cost.input_usd', inputUsd);
    span.setAttribute('genai_otel.cost.output_usd', outputUsd);
    span.setAttribute('genai_otel.cost.source', 'genai-prices');
  };
  const url = new URL(client.baseURL);
  const server = { 'server.address': url.hostname, 'server.port': Number(url.port) || 443 };
  const costOf = (model, usage) => {
    const prices = pricesOf(model);
    return usage.prompt_tokens * prices.input + usage.completion_tokens * prices.output;
  };
  const metrics = meter && handWrittenMetrics(meter, server, costOf);

  const requestAttributes = (params) => {
    const attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': params.model,
      ...server,
    };
    if (params.stream) attributes['gen_ai.request.stream'] = true;
    attributes['gen_ai.request.temperature'] = params.temperature;
    attributes['gen_ai.request.max_tokens'] = params.max_completion_tokens;
    attributes['openai.api.type'] = 'chat_completions';
    return attributes;
  };
  const responseAttributes = (span, id, model, finishReasons, usage, serviceTier, fingerprint) => {
    span.setAttribute('gen_ai.response.id', id);
    span.setAttribute('gen_ai.response.model', model);
    span.setAttribute('gen_ai.response.finish_reasons', finishReasons);
    span.setAttribute('gen_ai.usage.input_tokens', usage.prompt_tokens);
    span.setAttribute('gen_ai.usage.output_tokens', usage.completion_tokens);
    if (usage.prompt_tokens_details)
      span.setAttribute('gen_ai.usage.cache_read.input_tokens', usage.prompt_tokens_details.cached_tokens);
    if (usage.completion_tokens_details)
      span.setAttribute(
        'gen_ai.usage.reasoning.output_tokens',
        usage.completion_tokens_details.reasoning_tokens,
      );
    span.setAttribute('openai.response.service_tier', serviceTier);
    span.setAttribute('openai.response.system_fingerprint', fingerprint);
    if (priceCost) costAttributes(span, model, usage);
  };
  const spanOptions = (params) => ({ kind: api.SpanKind.CLIENT, attributes: requestAttributes(params) });

  return {
    /** Mirror genai-otel's cost attributes (set when its spans carry them). */
    priceCalls(enabled) {
      priceCost = enabled;
    },
    /** One non-streaming completion inside one span. */
    chat: (params) =>
      tracer.startActiveSpan(`chat ${params.model}`, spanOptions(params), async (span) => {
        const started = performance.now();
        try {
          const completion = await client.chat.completions.create(params);
          metrics?.recordCall(
            params.model,
            completion.model,
            completion.service_tier,
            started,
            completion.usage,
            priceCost,
          );
          responseAttributes(
            span,
            completion.id,
            completion.model,
            completion.choices.map((choice) => choice.finish_reason),
            completion.usage,
            completion.service_tier,
            completion.system_fingerprint,
          );
          return completion;
        } finally {
          span.end();
        }
      }),
    /** One streamed completion, consumed to the end inside one span; returns the chunk count. */
    consumeStream: (params) =>
      tracer.startActiveSpan(`chat ${params.model}`, spanOptions(params), async (span) => {
        const started = performance.now();
        let chunks = 0;
        let last;
        let usage;
        let finishReason;
        let previousChunkAt = 0;
        let firstChunkSeconds = 0;
        const intervals = metrics && [];
        try {
          const stream = await client.chat.completions.create(params);
          for await (const chunk of stream) {
            const now = performance.now();
            if (chunks++ === 0) {
              firstChunkSeconds = (now - started) / 1000;
              span.setAttribute('gen_ai.response.time_to_first_chunk', firstChunkSeconds);
            } else intervals?.push((now - previousChunkAt) / 1000);
            previousChunkAt = now;
            last = chunk;
            if (chunk.usage) usage = chunk.usage;
            const reason = chunk.choices[0]?.finish_reason;
            if (reason) finishReason = reason;
          }
          responseAttributes(
            span,
            last.id,
            last.model,
            [finishReason],
            usage,
            last.service_tier,
            last.system_fingerprint,
          );
          metrics?.recordCall(
            params.model,
            last.model,
            last.service_tier,
            started,
            usage,
            priceCost,
            intervals,
            firstChunkSeconds,
          );
          return chunks;
        } finally {
          span.end();
        }
      }),
  };
}

/**
 * genai-otel's metric records written by hand: the instruments created once, and per response
 * model and service tier one attribute set per record kind, built on first use and reused (what
 * `recordCall` costs is the records themselves). As genai-otel's, the duration and token-usage
 * records also carry `openai.response.service_tier` (the refinement OpenAI's metric conventions
 * list); cost and the chunk timings do not.
 */
function handWrittenMetrics(meter, server, costOf) {
  const seconds = { unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS } };
  const duration = meter.createHistogram('gen_ai.client.operation.duration', seconds);
  const tokens = meter.createHistogram('gen_ai.client.token.usage', {
    unit: '{token}',
    advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
  });
  const timeToFirstChunk = meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', seconds);
  const timePerOutputChunk = meter.createHistogram('gen_ai.client.operation.time_per_output_chunk', seconds);
  const cost = meter.createCounter('genai_otel.client.cost', { unit: '{USD}' });
  const attributeSets = new Map();
  const setsFor = (requestModel, responseModel, serviceTier) => {
    const key = `${requestModel}\u0000${responseModel}\u0000${serviceTier}`;
    let sets = attributeSets.get(key);
    if (sets === undefined) {
      const base = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': requestModel,
        'gen_ai.response.model': responseModel,
        ...server,
      };
      const refined =
        serviceTier === undefined ? base : { ...base, 'openai.response.service_tier': serviceTier };
      sets = {
        base,
        refined,
        input: { ...refined, 'gen_ai.token.type': 'input' },
        output: { ...refined, 'gen_ai.token.type': 'output' },
      };
      attributeSets.set(key, sets);
    }
    return sets;
  };
  return {
    recordCall(
      requestModel,
      responseModel,
      serviceTier,
      started,
      usage,
      priced,
      chunkIntervals,
      firstChunkSeconds,
    ) {
      const sets = setsFor(requestModel, responseModel, serviceTier);
      duration.record((performance.now() - started) / 1000, sets.refined);
      tokens.record(usage.prompt_tokens, sets.input);
      tokens.record(usage.completion_tokens, sets.output);
      if (priced) cost.add(costOf(responseModel, usage), sets.base);
      if (chunkIntervals !== undefined) {
        timeToFirstChunk.record(firstChunkSeconds, sets.base);
        for (const interval of chunkIntervals) timePerOutputChunk.record(interval, sets.base);
      }
    },
  };
}

const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
