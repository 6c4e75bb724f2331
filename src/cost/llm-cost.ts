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

/**
 * Per catalogue provider, the models it does not know (`undefined`) and those it does with their
 * entry; bounded. Keyed by provider, then model, so a lookup builds no key string.
 */
const modelsByProvider = new Map<string, Map<string, KnownModel | undefined>>();
let rememberedModels = 0;
const MAX_REMEMBERED_MODELS = 2000;

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
    const tokens = query.usage;
    if (tokens === undefined || (tokens.inputTokens === undefined && tokens.outputTokens === undefined))
      return undefined;
    const { responseModel, requestModel } = query;
    const override = findOverride(query.provider, responseModel, requestModel);
    if (override !== undefined) {
      const usage = toCatalogueUsage(tokens);
      const provider = overrideProvider(override.model, override.price);
      const flat = isPlainTokenUsage(usage) ? flatTokenPrice(provider.models[0]?.prices) : undefined;
      const result = flat
        ? priceFlatTokens(flat, usage.input_tokens as number, usage.output_tokens as number)
        : genaiPrices().calcPrice(usage, override.model, { provider });
      return result ? toCost(result, 'override', override.model) : undefined;
    }
    const providerId = catalogueProviderId(query.provider);
    if (providerId === undefined) return undefined;
    let models = modelsByProvider.get(providerId);
    if (models === undefined) {
      models = new Map();
      modelsByProvider.set(providerId, models);
    }
    const byResponseModel = priceWithCatalogue(models, providerId, responseModel, tokens);
    if (byResponseModel !== NOT_IN_CATALOGUE) return byResponseModel;
    const byRequestModel = priceWithCatalogue(models, providerId, requestModel, tokens);
    return byRequestModel === NOT_IN_CATALOGUE ? undefined : byRequestModel;
  } catch (error) {
    // Inconsistent usage (cache tokens above input tokens …) makes the catalogue throw.
    diag.debug('genai-otel: could not compute the cost of a model call', error);
    return undefined;
  }
}

/** What {@link priceWithCatalogue} says of a model the catalogue does not know: try the next one. */
const NOT_IN_CATALOGUE = Symbol('not in the catalogue');

/** Prices `tokens` for `model` from the catalogue (undefined: it could not be priced). */
function priceWithCatalogue(
  models: Map<string, KnownModel | undefined>,
  providerId: string,
  model: string | undefined,
  tokens: TokenUsage,
): LLMCost | undefined | typeof NOT_IN_CATALOGUE {
  if (model === undefined || model === '') return NOT_IN_CATALOGUE;
  const matched = models.get(model);
  if (matched === undefined && models.has(model)) return NOT_IN_CATALOGUE; // known to be unknown
  if (matched?.flatPrice && isPlainTokenCount(tokens)) {
    const flat = priceFlatTokens(matched.flatPrice, tokens.inputTokens ?? 0, tokens.outputTokens ?? 0);
    return toCost(flat, 'genai-prices', model);
  }
  // Matching a model scans the provider's catalogue (tens of µs); once found, price it against
  // a one-model copy of its provider: same prices (tiers, dates), no scan.
  const usage = toCatalogueUsage(tokens);
  const result = genaiPrices().calcPrice(
    usage,
    model,
    matched ? { provider: matched.provider } : { providerId },
  );
  if (result) {
    if (!matched) {
      // Remembered only after calcPrice() priced it: its prices passed the catalogue's checks.
      remember(models, model, {
        provider: { ...result.provider, models: [result.model] },
        flatPrice: flatTokenPrice(result.model.prices),
      });
    }
    return toCost(result, 'genai-prices', model);
  }
  // A miss scans the provider's whole catalogue; an unknown model is asked about on every call.
  remember(models, model, undefined);
  return NOT_IN_CATALOGUE;
}

function remember(
  models: Map<string, KnownModel | undefined>,
  model: string,
  known: KnownModel | undefined,
): void {
  if (rememberedModels >= MAX_REMEMBERED_MODELS) {
    for (const perProvider of modelsByProvider.values()) perProvider.clear();
    rememberedModels = 0;
  }
  models.set(model, known);
  rememberedModels++;
}

/**
 * Whether the usage holds input and output counts only (what a flat price prices), as
 * {@link isPlainTokenUsage} tells for the catalogue's shape, without building it.
 */
function isPlainTokenCount(tokens: TokenUsage): boolean {
  return (
    !tokens.cacheReadInputTokens &&
    !tokens.cacheWriteInputTokens &&
    !tokens.reasoningOutputTokens &&
    isCount(tokens.inputTokens ?? 0) &&
    isCount(tokens.outputTokens ?? 0)
  );
}

function isCount(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

/** Loaded on the first priced call, not at start-up (the catalogue takes ~30 ms to load). */
let genaiPricesModule: typeof import('@pydantic/genai-prices') | undefined;
function genaiPrices(): typeof import('@pydantic/genai-prices') {
  genaiPricesModule ??= require('@pydantic/genai-prices') as typeof import('@pydantic/genai-prices');
  return genaiPricesModule;
}

function toCatalogueUsage(usage: TokenUsage): Usage {
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
