/**
 * Negotiated or custom prices that win over the bundled `@pydantic/genai-prices` catalogue.
 * Process-wide (kept on `globalThis`, so CJS and ESM copies share them).
 */

/** Prices in US dollars per million tokens. Unset rates fall back to `input` / `output`. */
export interface ModelPrice {
  /** Per 1M input tokens (uncached). */
  input: number;
  /** Per 1M output tokens (reasoning tokens included unless `reasoning` is set). */
  output: number;
  /** Per 1M input tokens read from the prompt cache. */
  cacheRead?: number;
  /** Per 1M input tokens written to the prompt cache. */
  cacheWrite?: number;
  /** Per 1M reasoning output tokens, when the provider bills them apart. */
  reasoning?: number;
}

/**
 * Keyed by model (`gpt-4o-mini`) or `provider:model` (`azure.ai.openai:gpt-4o-mini`, with the
 * `gen_ai.provider.name` value); the provider-qualified key wins. Matched against the response
 * model first, then the request model, exactly (no prefix matching).
 */
export type PricingOverrides = Record<string, ModelPrice>;

const OVERRIDES_KEY = Symbol.for('genai-otel.pricing-overrides.v1');
type GlobalWithOverrides = typeof globalThis & { [OVERRIDES_KEY]?: PricingOverrides };

/**
 * Sets the price overrides (replacing earlier ones); `register({ pricing })` calls this.
 *
 * @example
 * setPricingOverrides({ 'gpt-4o-mini': { input: 0.12, output: 0.48, cacheRead: 0.06 } });
 */
export function setPricingOverrides(overrides: PricingOverrides): void {
  (globalThis as GlobalWithOverrides)[OVERRIDES_KEY] = { ...overrides };
}

/** The overrides in force (empty by default). */
export function getPricingOverrides(): PricingOverrides {
  return (globalThis as GlobalWithOverrides)[OVERRIDES_KEY] ?? {};
}

/** The override for this call (response model first, then request model), provider-qualified key first. */
export function findOverride(
  provider: string | undefined,
  responseModel: string | undefined,
  requestModel: string | undefined,
):
  | {
      model: string;
      price: ModelPrice;
    }
  | undefined {
  const overrides = (globalThis as GlobalWithOverrides)[OVERRIDES_KEY];
  // The common case, on every priced call: nothing negotiated, no keys to build.
  if (overrides === undefined) return undefined;
  return overrideFor(overrides, provider, responseModel) ?? overrideFor(overrides, provider, requestModel);
}

function overrideFor(
  overrides: PricingOverrides,
  provider: string | undefined,
  model: string | undefined,
): { model: string; price: ModelPrice } | undefined {
  if (model === undefined) return undefined;
  const price =
    (provider !== undefined ? ownPrice(overrides, `${provider}:${model}`) : undefined) ??
    ownPrice(overrides, model);
  return price === undefined ? undefined : { model, price };
}

/** Own keys only: a model named `constructor` or `toString` must not find Object.prototype's. */
function ownPrice(overrides: PricingOverrides, key: string): ModelPrice | undefined {
  return Object.hasOwn(overrides, key) ? overrides[key] : undefined;
}
