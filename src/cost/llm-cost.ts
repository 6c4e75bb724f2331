import { diag } from '@opentelemetry/api';
import type { Provider, Usage } from '@pydantic/genai-prices';
import type { TokenUsage } from '../genai/inference-types';
import { type FlatTokenPrice, flatTokenPrice, isPlainTokenUsage, priceFlatTokens } from './flat-token-price';
import { catalogueProviderId } from './price-providers';
import { findOverride, type ModelPrice } from './pricing-overrides';

/** The cost of one model call in US dollars, as recorded on spans and events. */
export interface LLMCost {
  /** Input plus output, USD. */
  totalUsd: number;
  /** Input tokens (cache reads and writes included), USD. */
  inputUsd: number;
  /** Output tokens (reasoning included), USD. */
  outputUsd: number;
  /** Where the price came from: the `@pydantic/genai-prices` catalogue or your overrides. */
  source: 'genai-prices' | 'override';
  /** The model id the price was found for. */
  pricedModel: string;
}

/** A catalogue model found once: its one-model provider copy, and its flat price if it has one. */
interface KnownModel {
  provider: Provider;
  flatPrice: FlatTokenPrice | undefined;
}

/** Provider/model pairs the catalogue does not know, and those it does with their entry (bounded). */
const unknownModels = new Set<string>();
const knownModels = new Map<string, KnownModel>();
const MAX_REMEMBERED_UNKNOWN = 1000;
const MAX_REMEMBERED_MODELS = 1000;

/** What is needed to price a call. */
export interface CostQuery {
  /** `gen_ai.provider.name`. */
  provider: string | undefined;
  /** `gen_ai.response.model` (tried first: it names the exact snapshot billed). */
  responseModel?: string;
  /** `gen_ai.request.model`. */
  requestModel?: string;
  usage: TokenUsage | undefined;
}

/**
 * Prices one call from its reported usage. Returns undefined (never a made-up 0) when there is
 * no usage, the model or provider is unknown to the catalogue and has no override, or pricing
 * fails. Never throws.
 *
 * @example
 * computeLLMCost({ provider: 'openai', responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 1000, outputTokens: 100 } });
 * // → { totalUsd: 0.00021, inputUsd: 0.00015, outputUsd: 0.00006, source: 'genai-prices', pricedModel: 'gpt-4o-mini-2024-07-18' }
 */
export function computeLLMCost(query: CostQuery): LLMCost | undefined {
  try {
    const usage = toCatalogueUsage(query.usage);
    if (usage === undefined) return undefined;
    const models = [query.responseModel, query.requestModel];
    const override = findOverride(query.provider, models);
    if (override !== undefined) {
      const provider = overrideProvider(override.model, override.price);
      const flat = isPlainTokenUsage(usage) ? flatTokenPrice(provider.models[0]?.prices) : undefined;
      const result = flat
        ? priceFlatTokens(flat, usage.input_tokens as number, usage.output_tokens as number)
        : genaiPrices().calcPrice(usage, override.model, { provider });
      return result ? toCost(result, 'override', override.model) : undefined;
    }
    const providerId = catalogueProviderId(query.provider);
    if (providerId === undefined) return undefined;
    for (const model of models) {
      if (model === undefined || model === '') continue;
      const key = `${providerId}\u0000${model}`;
      if (unknownModels.has(key)) continue;
      const matched = knownModels.get(key);
      if (matched?.flatPrice && isPlainTokenUsage(usage)) {
        const flat = priceFlatTokens(
          matched.flatPrice,
          usage.input_tokens as number,
          usage.output_tokens as number,
        );
        return toCost(flat, 'genai-prices', model);
      }
      // Matching a model scans the provider's catalogue (tens of µs); once found, price it against
      // a one-model copy of its provider: same prices (tiers, dates), no scan.
      const result = genaiPrices().calcPrice(
        usage,
        model,
        matched ? { provider: matched.provider } : { providerId },
      );
      if (result) {
        if (!matched) {
          if (knownModels.size >= MAX_REMEMBERED_MODELS) knownModels.clear();
          // Remembered only after calcPrice() priced it: its prices passed the catalogue's checks.
          knownModels.set(key, {
            provider: { ...result.provider, models: [result.model] },
            flatPrice: flatTokenPrice(result.model.prices),
          });
        }
        return toCost(result, 'genai-prices', model);
      }
      // A miss scans the provider's whole catalogue; an unknown model is asked about on every call.
      if (unknownModels.size >= MAX_REMEMBERED_UNKNOWN) unknownModels.clear();
      unknownModels.add(key);
    }
    return undefined;
  } catch (error) {
    // Inconsistent usage (cache tokens above input tokens …) makes the catalogue throw.
    diag.debug('genai-otel: could not compute the cost of a model call', error);
    return undefined;
  }
}

/** Loaded on the first priced call, not at start-up (the catalogue takes ~30 ms to load). */
let genaiPricesModule: typeof import('@pydantic/genai-prices') | undefined;
function genaiPrices(): typeof import('@pydantic/genai-prices') {
  genaiPricesModule ??= require('@pydantic/genai-prices') as typeof import('@pydantic/genai-prices');
  return genaiPricesModule;
}

function toCatalogueUsage(usage: TokenUsage | undefined): Usage | undefined {
  if (usage === undefined) return undefined;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  const catalogueUsage: Usage = {
    input_tokens: usage.inputTokens ?? 0,
    output_tokens: usage.outputTokens ?? 0,
  };
  if (usage.cacheReadInputTokens) catalogueUsage.cache_read_tokens = usage.cacheReadInputTokens;
  if (usage.cacheWriteInputTokens) catalogueUsage.cache_write_tokens = usage.cacheWriteInputTokens;
  if (usage.reasoningOutputTokens) catalogueUsage.output_reasoning_tokens = usage.reasoningOutputTokens;
  return catalogueUsage;
}

/** An override expressed as a one-model custom provider, so the catalogue's arithmetic prices it. */
function overrideProvider(model: string, price: ModelPrice): Provider {
  const prices: Record<string, number> = { input_mtok: price.input, output_mtok: price.output };
  if (price.cacheRead !== undefined) prices.cache_read_mtok = price.cacheRead;
  if (price.cacheWrite !== undefined) prices.cache_write_mtok = price.cacheWrite;
  if (price.reasoning !== undefined) prices.output_reasoning_mtok = price.reasoning;
  return {
    id: 'genai-otel-overrides',
    name: 'genai-otel pricing overrides',
    api_pattern: '^$',
    models: [{ id: model, match: { equals: model }, prices }],
  };
}

function toCost(
  result: { total_price: number; input_price: number; output_price: number },
  source: LLMCost['source'],
  pricedModel: string,
): LLMCost | undefined {
  if (!Number.isFinite(result.total_price)) return undefined;
  return {
    totalUsd: result.total_price,
    inputUsd: result.input_price,
    outputUsd: result.output_price,
    source,
    pricedModel,
  };
}
