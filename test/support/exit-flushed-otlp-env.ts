/**
 * Environment for a fixture app that exports to a local OTLP receiver. The batch and metric
 * intervals are long, so whatever arrives was flushed by genai-otel's exit path, not by a timer.
 */
export function exitFlushedOtlpEnv(
  endpoint: string,
  serviceName: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_SERVICE_NAME: serviceName,
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    OTEL_METRIC_EXPORT_INTERVAL: '60000',
    ...extra,
  };
}
