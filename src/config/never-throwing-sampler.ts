import { type Attributes, type Context, diag, type Link, type SpanKind } from '@opentelemetry/api';
import {
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace';

/**
 * A user's Sampler, guarded: when its `shouldSample` throws (or returns nothing usable), the span
 * gets the default decision (`parentbased_always_on`) and the failure is reported once through
 * `diag`, instead of every `startSpan` of the app throwing.
 */
export class NeverThrowingSampler implements Sampler {
  private readonly fallback = new ParentBasedSampler({ root: new AlwaysOnSampler() });
  private reported = false;

  constructor(private readonly sampler: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    try {
      const result = this.sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
      if (result && typeof result.decision === 'number') return result;
      this.report(new Error(`shouldSample returned ${String(result)}`));
    } catch (error) {
      this.report(error);
    }
    return this.fallback.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return safeToString(this.sampler);
  }

  private report(error: unknown): void {
    if (this.reported) return;
    this.reported = true;
    diag.warn(
      `genai-otel: the sampler ${safeToString(this.sampler)} failed (${error instanceof Error ? error.message : String(error)}); ` +
        'its spans get the default decision (parentbased_always_on)',
    );
  }
}

function safeToString(sampler: Sampler): string {
  try {
    return String(sampler.toString());
  } catch {
    return 'Sampler';
  }
}
