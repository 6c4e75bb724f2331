import { OTLPMetricExporter as OTLPJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpSignalConfig } from '../config/resolve-config';

/** The OpenTelemetry OTLP/HTTP span exporter for the configured encoding. */
export function createOtlpSpanExporter(config: OtlpSignalConfig): SpanExporter {
  const options = { url: config.url, headers: config.headers, timeoutMillis: config.timeoutMillis };
  return config.protocol === 'http/json'
    ? new OTLPJsonTraceExporter(options)
    : new OTLPProtoTraceExporter(options);
}

/** The OpenTelemetry OTLP/HTTP metric exporter for the configured encoding. */
export function createOtlpMetricExporter(config: OtlpSignalConfig): PushMetricExporter {
  const options = { url: config.url, headers: config.headers, timeoutMillis: config.timeoutMillis };
  return config.protocol === 'http/json'
    ? new OTLPJsonMetricExporter(options)
    : new OTLPProtoMetricExporter(options);
}
