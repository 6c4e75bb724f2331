import type { MeterProvider } from '@opentelemetry/api';

/**
 * Host and Node.js runtime metrics through the OpenTelemetry packages made for them:
 * `@opentelemetry/instrumentation-host-metrics` (system and process CPU, memory, network) and
 * `@opentelemetry/instrumentation-runtime-node` (event-loop delay and utilization, heap, GC).
 * register() requires this file only when `systemMetrics` is on, so the packages cost nothing
 * otherwise. Returns the function that stops both.
 */
export function startSystemMetrics(meterProvider: MeterProvider): () => void {
  const { HostMetricsInstrumentation } =
    require('@opentelemetry/instrumentation-host-metrics') as typeof import('@opentelemetry/instrumentation-host-metrics');
  const { RuntimeNodeInstrumentation } =
    require('@opentelemetry/instrumentation-runtime-node') as typeof import('@opentelemetry/instrumentation-runtime-node');
  // Created disabled, pointed at our meter provider, then enabled: no instrument is ever created
  // on the global (possibly no-op) provider.
  const instrumentations = [
    new HostMetricsInstrumentation({ enabled: false }),
    new RuntimeNodeInstrumentation({ enabled: false }),
  ];
  for (const instrumentation of instrumentations) {
    instrumentation.setMeterProvider(meterProvider);
    instrumentation.enable();
  }
  return () => {
    for (const instrumentation of instrumentations) instrumentation.disable();
  };
}
