import { diag, metrics, trace } from '@opentelemetry/api';
import { PACKAGE_VERSION } from '../version';
import { GenAIMetrics } from './genai-metrics';
import type { GenAITelemetry } from './inference-recording';

interface CachedMetrics {
  provider: unknown;
  metrics: GenAIMetrics;
}

/** GenAI histograms per instrumentation scope, rebuilt when the global meter provider changes. */
const metricsByScope = new Map<string, CachedMetrics>();

/**
 * Tracer, GenAI metrics and `diag` of the global providers, for recordings made outside an
 * instrumentation (the manual API, callback handlers, bridges). Looked up per call: the global
 * providers may be registered (or replaced, in tests) after this module loads; the histograms
 * are created once per meter provider and scope.
 */
export function globalGenAITelemetry(scopeName: string): GenAITelemetry {
  const provider = metrics.getMeterProvider();
  let cached = metricsByScope.get(scopeName);
  if (cached?.provider !== provider) {
    cached = { provider, metrics: new GenAIMetrics(provider.getMeter(scopeName, PACKAGE_VERSION)) };
    metricsByScope.set(scopeName, cached);
  }
  return { tracer: trace.getTracer(scopeName, PACKAGE_VERSION), metrics: cached.metrics, diag };
}
