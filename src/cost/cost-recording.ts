import { type Attributes, type Counter, diag, metrics } from '@opentelemetry/api';
import {
  ATTR_GENAI_OTEL_COST_INPUT_USD,
  ATTR_GENAI_OTEL_COST_OUTPUT_USD,
  ATTR_GENAI_OTEL_COST_SOURCE,
  ATTR_GENAI_OTEL_COST_USD,
  METRIC_GENAI_OTEL_CLIENT_COST,
} from '../genai/semconv';
import { PACKAGE_VERSION } from '../version';
import type { LLMCost } from './llm-cost';

// The public API has always exported the cost keys from here; they are defined with the other keys.
export {
  ATTR_GENAI_OTEL_COST_INPUT_USD,
  ATTR_GENAI_OTEL_COST_OUTPUT_USD,
  ATTR_GENAI_OTEL_COST_SOURCE,
  ATTR_GENAI_OTEL_COST_USD,
  METRIC_GENAI_OTEL_CLIENT_COST,
};

export function costAttributes(cost: LLMCost): Attributes {
  return {
    [ATTR_GENAI_OTEL_COST_USD]: cost.totalUsd,
    [ATTR_GENAI_OTEL_COST_INPUT_USD]: cost.inputUsd,
    [ATTR_GENAI_OTEL_COST_OUTPUT_USD]: cost.outputUsd,
    [ATTR_GENAI_OTEL_COST_SOURCE]: cost.source,
  };
}

let counterCache: { provider: unknown; counter: Counter } | undefined;

/**
 * Adds the call's cost to the `genai_otel.client.cost` counter of the global meter provider, with
 * the same attributes as `gen_ai.client.operation.duration`.
 */
export function recordCostMetric(cost: LLMCost, attributes: Attributes): void {
  try {
    const provider = metrics.getMeterProvider();
    if (counterCache?.provider !== provider) {
      const meter = provider.getMeter('genai-otel', PACKAGE_VERSION);
      counterCache = {
        provider,
        counter: meter.createCounter(METRIC_GENAI_OTEL_CLIENT_COST, {
          description: 'Cost of GenAI model calls, from their reported token usage',
          unit: '{USD}',
        }),
      };
    }
    counterCache.counter.add(cost.totalUsd, attributes);
  } catch (error) {
    diag.debug('genai-otel: could not record the cost metric', error);
  }
}
