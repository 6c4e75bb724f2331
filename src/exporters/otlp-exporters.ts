import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { backgroundAgentFor, boundRetries } from './background-http-agent';

// Each exporter package is required when its exporter is created, not at start-up: loading all
// six (JSON and protobuf; traces, metrics and logs) costs ~170 ms of CPU although one protocol is used.

/** What every OTLP/HTTP exporter is given: the signal's endpoint and the background HTTP agent. */
function otlpHttpOptions(config: OtlpSignalConfig) {
  return {
    url: config.url,
    headers: config.headers,
    timeoutMillis: config.timeoutMillis,
    httpAgentOptions: backgroundAgentFor,
  };
}

/**
 * The OpenTelemetry OTLP/HTTP span exporter for the configured encoding. `concurrentExports` is the
 * exporter's limit of requests under way; it fails every batch beyond it, so it must leave room
 * for a flush of a full queue, which sends all its batches at once.
 */
export function createOtlpSpanExporter(config: OtlpSignalConfig, concurrentExports?: number): SpanExporter {
  const options = {
    ...otlpHttpOptions(config),
    ...(concurrentExports === undefined ? {} : { concurrencyLimit: concurrentExports }),
  };
  const { OTLPTraceExporter } =
    config.protocol === 'http/json'
      ? (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http'))
      : (require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto'));
  const exporter = new OTLPTraceExporter(options);
  boundRetries(exporter);
  return exporter;
}

/** The OpenTelemetry OTLP/HTTP metric exporter for the configured encoding. */
export function createOtlpMetricExporter(config: OtlpSignalConfig): PushMetricExporter {
  const { OTLPMetricExporter } =
    config.protocol === 'http/json'
      ? (require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http'))
      : (require('@opentelemetry/exporter-metrics-otlp-proto') as typeof import('@opentelemetry/exporter-metrics-otlp-proto'));
  const exporter = new OTLPMetricExporter(otlpHttpOptions(config));
  boundRetries(exporter);
  return exporter;
}

/** The OpenTelemetry OTLP/HTTP log exporter for the configured encoding (GenAI log events). */
export function createOtlpLogExporter(config: OtlpSignalConfig): LogRecordExporter {
  const { OTLPLogExporter } =
    config.protocol === 'http/json'
      ? (require('@opentelemetry/exporter-logs-otlp-http') as typeof import('@opentelemetry/exporter-logs-otlp-http'))
      : (require('@opentelemetry/exporter-logs-otlp-proto') as typeof import('@opentelemetry/exporter-logs-otlp-proto'));
  const exporter = new OTLPLogExporter(otlpHttpOptions(config));
  boundRetries(exporter);
  return exporter;
}
