import { metrics, type TracerProvider, trace } from '@opentelemetry/api';

/**
 * The tracer provider another OpenTelemetry setup (NodeSDK, a vendor agent) already registered, or
 * undefined. The API hands out a proxy whose delegate is a no-op until someone registers.
 */
export function findRegisteredTracerProvider(): TracerProvider | undefined {
  const proxy = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = proxy.getDelegate?.() ?? proxy;
  return delegate.constructor.name === 'NoopTracerProvider' ? undefined : delegate;
}

export function hasRegisteredMeterProvider(): boolean {
  return metrics.getMeterProvider().constructor.name !== 'NoopMeterProvider';
}
