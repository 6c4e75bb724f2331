/**
 * `genai-otel/cost`: the cost genai-otel derives from token usage — the span attribute and metric
 * names it records, `computeLLMCost()` to price a call yourself, and pricing overrides (what
 * `register({ pricing })` sets).
 *
 * @example
 * ```ts
 * import { computeLLMCost } from 'genai-otel/cost';
 * const cost = computeLLMCost({ provider: 'openai', requestModel: 'gpt-4o-mini', usage: { inputTokens: 812, outputTokens: 64 } });
 * ```
 * @module genai-otel/cost
 */

export {
  ATTR_GENAI_OTEL_COST_INPUT_USD,
  ATTR_GENAI_OTEL_COST_OUTPUT_USD,
  ATTR_GENAI_OTEL_COST_SOURCE,
  ATTR_GENAI_OTEL_COST_USD,
  METRIC_GENAI_OTEL_CLIENT_COST,
} from '../cost/cost-recording';
export { type CostQuery, computeLLMCost, type LLMCost } from '../cost/llm-cost';
export {
  getPricingOverrides,
  type ModelPrice,
  type PricingOverrides,
  setPricingOverrides,
} from '../cost/pricing-overrides';
