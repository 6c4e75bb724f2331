import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpSignalConfig } from '../config/resolve-config';

// Each exporter package is required when its exporter is created, not at start-up: loading all
// four (JSON and protobuf, traces and metrics) costs ~170 ms of CPU although one protocol is used.

/**
 * The OpenTelemetry OTLP/HTTP span exporter for the configured encoding. `concurrentExports` is the
 * exporter's limit of requests under way; it fails every batch beyond it, so it must leave room
 * for a flush of a full queue, which sends all its batches at once.
 */
export function createOtlpSpanExporter(config: OtlpSignalConfig, concurrentExports?: number): SpanExporter {
  const options = {
    url: config.url,
    headers: config.headers,
    timeoutMillis: config.timeoutMillis,
    ...(concurrentExports === undefined ? {} : { concurrencyLimit: concurrentExports }),
  };
  if (config.protocol === 'http/json') {
    const { OTLPTraceExporter } =
      require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter(options);
  }
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter(options);
}

/** The OpenTelemetry OTLP/HTTP metric exporter for the configured encoding. */
export function createOtlpMetricExporter(config: OtlpSignalConfig): PushMetricExporter {
  const options = { url: config.url, headers: config.headers, timeoutMillis: config.timeoutMillis };
  if (config.protocol === 'http/json') {
    const { OTLPMetricExporter } =
      require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
    return new OTLPMetricExporter(options);
  }
  const { OTLPMetricExporter } =
    require('@opentelemetry/exporter-metrics-otlp-proto') as typeof import('@opentelemetry/exporter-metrics-otlp-proto');
  return new OTLPMetricExporter(options);
}
