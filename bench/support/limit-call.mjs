import { rootRequire } from './paths.mjs';

/**
 * The limit: the bare SDK call wrapped in one hand-written span that carries the same attributes
 * genai-otel records (request, response, usage; time to first chunk for streams). Nothing an
 * instrumentation could skip is done here, nothing more: what a perfect instrumentation would cost.
 */
export function limitCaller(api, client) {
  const tracer = api.trace.getTracer('bench-limit');
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
        try {
          const completion = await client.chat.completions.create(params);
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
        try {
          const stream = await client.chat.completions.create(params);
          for await (const chunk of stream) {
            if (chunks++ === 0)
              span.setAttribute('gen_ai.response.time_to_first_chunk', (performance.now() - started) / 1000);
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
          return chunks;
        } finally {
          span.end();
        }
      }),
  };
}
