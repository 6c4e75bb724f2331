import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_GENAI_OTEL_COST_INPUT_USD,
  ATTR_GENAI_OTEL_COST_OUTPUT_USD,
  ATTR_GENAI_OTEL_COST_SOURCE,
  ATTR_GENAI_OTEL_COST_USD,
  METRIC_GENAI_OTEL_CLIENT_COST,
} from '../genai/semconv';
import type { LLMCost } from './llm-cost';

// The public API has always exported the cost keys from here; they are defined with the other keys.
export {
  ATTR_GENAI_OTEL_COST_INPUT_USD,
  ATTR_GENAI_OTEL_COST_OUTPUT_USD,
  ATTR_GENAI_OTEL_COST_SOURCE,
  ATTR_GENAI_OTEL_COST_USD,
  METRIC_GENAI_OTEL_CLIENT_COST,
};

/** The `genai_otel.cost.*` span attributes of a priced call. */
export function costAttributes(cost: LLMCost): Attributes {
  return {
    [ATTR_GENAI_OTEL_COST_USD]: cost.totalUsd,
    [ATTR_GENAI_OTEL_COST_INPUT_USD]: cost.inputUsd,
    [ATTR_GENAI_OTEL_COST_OUTPUT_USD]: cost.outputUsd,
    [ATTR_GENAI_OTEL_COST_SOURCE]: cost.source,
  };
}

/** Sets {@link costAttributes} on `span` without building the attribute object (once per model call). */
export function setCostAttributes(span: Span, cost: LLMCost): void {
  span.setAttribute(ATTR_GENAI_OTEL_COST_USD, cost.totalUsd);
  span.setAttribute(ATTR_GENAI_OTEL_COST_INPUT_USD, cost.inputUsd);
  span.setAttribute(ATTR_GENAI_OTEL_COST_OUTPUT_USD, cost.outputUsd);
  span.setAttribute(ATTR_GENAI_OTEL_COST_SOURCE, cost.source);
}
