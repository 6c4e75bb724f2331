import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import { MetricAttributeSetCache } from './metric-attribute-sets';
import {
  DURATION_BUCKETS_SECONDS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GENAI_OTEL_CLIENT_COST,
  TOKEN_USAGE_BUCKETS,
} from './semconv';

/**
 * The GenAI client histograms, created once per Meter with the conventions' advised bucket
 * boundaries (a view configured by the user still wins over the advice).
 */
export class GenAIMetrics {
  readonly operationDuration: Histogram;
  readonly tokenUsage: Histogram;
  readonly timeToFirstChunk: Histogram;
  readonly timePerOutputChunk: Histogram;
  /** genai-otel's own: cost of the calls in USD, from their usage (docs/cost.md). */
  readonly cost: Counter;
  /** The records' attribute sets, built once per distinct combination of values. */
  readonly attributeSets = new MetricAttributeSetCache();

  constructor(meter: Meter) {
    this.operationDuration = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: 'GenAI operation duration',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
    });
    this.tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: 'Number of input and output tokens used',
      unit: '{token}',
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    });
    this.timeToFirstChunk = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, {
      description: 'Time from the start of a streaming GenAI operation to the first chunk',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
    });
    this.timePerOutputChunk = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK, {
      description: 'Time between consecutive chunks of a streaming GenAI operation, after the first',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
    });
    this.cost = meter.createCounter(METRIC_GENAI_OTEL_CLIENT_COST, {
      description: 'Cost of GenAI model calls, from their reported token usage',
      unit: '{USD}',
    });
  }
}
