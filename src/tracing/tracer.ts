import { type Tracer, trace } from '@opentelemetry/api';
import { PACKAGE_VERSION } from '../version';

/** Instrumentation scope of manual spans. */
export const TRACER_NAME = 'genai-otel';

/**
 * The tracer for manual spans, looked up per span: the global provider may be registered (or
 * replaced, in tests) after this module loads, and the SDK caches tracers itself.
 */
export function manualTracer(): Tracer {
  return trace.getTracer(TRACER_NAME, PACKAGE_VERSION);
}
