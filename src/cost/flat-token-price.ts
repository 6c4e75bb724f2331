/**
 * The fast path of pricing: `@pydantic/genai-prices` `calcPrice()` spends ~13 µs per call on its
 * general unit algebra. For the common case (flat per-million-token prices, usage of plain input
 * and output tokens only) its result reduces to two multiplications, computed here with the same
 * floating-point operations so the numbers are identical. Anything else goes through `calcPrice()`.
 */

/**
 * A per-million-token rate: a number, or tiers by the call's input tokens (`{ base, tiers }`: the
 * price of the highest tier whose `start` the input tokens exceed, else `base`), as the catalogue
 * writes long-context prices (Claude Sonnet 4.5 above 200k input tokens, …).
 */
export type TokenRate = number | TieredRate;

/** A tiered rate, tiers sorted by `start` as `calcPrice()` sorts them. */
export interface TieredRate {
  base: number;
  tiers: ReadonlyArray<{ start: number; price: number }>;
}

/** A model's flat (or input-tiered) token prices in USD per million tokens (absent rates are 0). */
export interface FlatTokenPrice {
  inputMtok: TokenRate;
  outputMtok: TokenRate;
}

export interface FlatTokenCost {
  input_price: number;
  output_price: number;
  total_price: number;
}

/**
 * The flat price of a catalogue price record, or undefined when the fast path would not equal
 * `calcPrice()`: time/date-conditional prices (an array), a per-request price (`requests_kcount`:
 * calcPrice() counts every call as one request) or invalid values. Rates tiered by input tokens
 * are kept as tiers.
 * Every other unit (cache/audio/reasoning tokens, web searches, audio hours …) is
 * `input_tokens`/`output_tokens` made more specific, or unrelated to them: with plain token usage
 * its usage is zero, so its price adds exactly 0.
 */
export function flatTokenPrice(prices: unknown): FlatTokenPrice | undefined {
  if (typeof prices !== 'object' || prices === null || Array.isArray(prices)) return undefined;
  let inputMtok: TokenRate = 0;
  let outputMtok: TokenRate = 0;
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined) continue;
    if (key === 'requests_kcount') return undefined;
    const rate = tokenRate(value);
    if (rate === undefined) return undefined;
    if (key === 'input_mtok') inputMtok = rate;
    else if (key === 'output_mtok') outputMtok = rate;
  }
  return { inputMtok, outputMtok };
}

/** A valid rate as `calcPrice()` accepts it, or undefined (then `calcPrice()` decides, and throws). */
function tokenRate(value: unknown): TokenRate | undefined {
  if (isRate(value)) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { base, tiers } = value as { base?: unknown; tiers?: unknown };
  if (!isRate(base) || !Array.isArray(tiers)) return undefined;
  const valid: Array<{ start: number; price: number }> = [];
  for (const tier of tiers as unknown[]) {
    const { start, price } = (tier ?? {}) as { start?: unknown; price?: unknown };
    if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0 || !isRate(price))
      return undefined;
    valid.push({ start, price });
  }
  return { base, tiers: valid.sort((a, b) => a.start - b.start) };
}

function isRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * True when a usage record holds only `input_tokens` and `output_tokens`, both valid counts (the
 * catalogue rejects negative or non-finite counts: those go through `calcPrice()` and fail there).
 */
export function isPlainTokenUsage(usage: Record<string, number | undefined>): boolean {
  for (const key in usage) {
    if (key !== 'input_tokens' && key !== 'output_tokens') return false;
  }
  return isTokenCount(usage.input_tokens) && isTokenCount(usage.output_tokens);
}

/**
 * `calcPrice()`'s arithmetic for a flat price and plain token usage: `price × tokens / 1e6` for a
 * number; for a tiered rate, the tier chosen by the input tokens and `calcPrice()`'s own sequence
 * (`price × tokens / 1e6`, then `× 1e6 / 1e6`, 0 for no tokens), so the results are identical.
 */
export function priceFlatTokens(
  price: FlatTokenPrice,
  inputTokens: number,
  outputTokens: number,
): FlatTokenCost {
  const inputPrice = priceTokens(price.inputMtok, inputTokens, inputTokens);
  const outputPrice = priceTokens(price.outputMtok, outputTokens, inputTokens);
  return { input_price: inputPrice, output_price: outputPrice, total_price: inputPrice + outputPrice };
}

function priceTokens(rate: TokenRate, tokens: number, inputTokens: number): number {
  if (typeof rate === 'number') return (rate * tokens) / 1e6;
  if (tokens <= 0) return 0;
  let perMillion = rate.base;
  for (const tier of rate.tiers) if (inputTokens > tier.start) perMillion = tier.price;
  return (((perMillion * tokens) / 1e6) * 1e6) / 1e6;
}

function isTokenCount(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
