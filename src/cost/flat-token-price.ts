/**
 * The fast path of pricing: `@pydantic/genai-prices` `calcPrice()` spends ~13 µs per call on its
 * general unit algebra. For the common case (flat per-million-token prices, usage of plain input
 * and output tokens only) its result reduces to two multiplications, computed here with the same
 * floating-point operations so the numbers are identical. Anything else goes through `calcPrice()`.
 */

/** A model's flat token prices in USD per million tokens (absent rates are 0). */
export interface FlatTokenPrice {
  inputMtok: number;
  outputMtok: number;
}

export interface FlatTokenCost {
  input_price: number;
  output_price: number;
  total_price: number;
}

/**
 * The flat price of a catalogue price record, or undefined when the fast path would not equal
 * `calcPrice()`: time/date-conditional prices (an array), tiered prices (objects), a per-request
 * price (`requests_kcount`: calcPrice() counts every call as one request) or invalid values.
 * Every other unit (cache/audio/reasoning tokens, web searches, audio hours …) is
 * `input_tokens`/`output_tokens` made more specific, or unrelated to them: with plain token usage
 * its usage is zero, so its price adds exactly 0.
 */
export function flatTokenPrice(prices: unknown): FlatTokenPrice | undefined {
  if (typeof prices !== 'object' || prices === null || Array.isArray(prices)) return undefined;
  let inputMtok = 0;
  let outputMtok = 0;
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined) continue;
    if (key === 'requests_kcount') return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
    if (key === 'input_mtok') inputMtok = value;
    else if (key === 'output_mtok') outputMtok = value;
  }
  return { inputMtok, outputMtok };
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

/** `calcPrice()`'s arithmetic for a flat price and plain token usage: `price × tokens / 1e6`. */
export function priceFlatTokens(
  price: FlatTokenPrice,
  inputTokens: number,
  outputTokens: number,
): FlatTokenCost {
  const inputPrice = (price.inputMtok * inputTokens) / 1e6;
  const outputPrice = (price.outputMtok * outputTokens) / 1e6;
  return { input_price: inputPrice, output_price: outputPrice, total_price: inputPrice + outputPrice };
}

function isTokenCount(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
