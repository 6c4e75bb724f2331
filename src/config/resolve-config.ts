import type { Attributes } from '@opentelemetry/api';
import { type Environment, EnvReader } from './env-reader';
import type { ExporterName, LogLevelName, OtlpProtocol, RegisterOptions } from './register-options';
import { resolveSamplerSpec, type SamplerSpec } from './sampler-spec';

/** One signal's OTLP settings, after options and environment are merged. */
export interface OtlpSignalConfig {
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMillis: number;
}

export interface ResolvedConfig {
  disabled: boolean;
  serviceName: string | undefined;
  /** From `OTEL_RESOURCE_ATTRIBUTES`, then options. */
  resourceAttributes: Attributes;
  traces: {
    exporters: ExporterName[];
    otlp: OtlpSignalConfig;
    sampler: SamplerSpec;
    batch: {
      scheduledDelayMillis: number;
      exportTimeoutMillis: number;
      maxQueueSize: number;
      maxExportBatchSize: number;
    };
  };
  metrics: {
    exporters: ExporterName[];
    otlp: OtlpSignalConfig;
    exportIntervalMillis: number;
    exportTimeoutMillis: number;
  };
  captureMessageContent: boolean;
  enabledInstrumentations: string[] | undefined;
  disabledInstrumentations: string[];
  logLevel: LogLevelName;
  exitFlushTimeoutMillis: number;
  flushOnExit: boolean;
  /** Trace context into worker threads; see docs/context.md. */
  workerThreads: boolean;
}

const EXPORTER_NAMES: readonly ExporterName[] = ['otlp', 'console', 'none'];
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
const LOG_LEVELS: readonly LogLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';
const DEFAULT_MAX_QUEUE_SIZE = 16_384;

/**
 * Merges register options over the standard `OTEL_*` environment variables. Never throws: every
 * bad value falls back to its default with one `diag` warning.
 */
export function resolveConfig(options: RegisterOptions = {}, env: Environment = process.env): ResolvedConfig {
  const read = new EnvReader(env);
  const otlpEndpointConfigured =
    options.otlp?.endpoint !== undefined ||
    read.string('OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined ||
    options.otlp?.tracesEndpoint !== undefined ||
    read.string('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined;
  const metricsEndpointConfigured =
    otlpEndpointConfigured ||
    options.otlp?.metricsEndpoint !== undefined ||
    read.string('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT') !== undefined;

  return {
    disabled: options.disabled ?? read.boolean('OTEL_SDK_DISABLED', false),
    serviceName: options.serviceName ?? read.string('OTEL_SERVICE_NAME'),
    resourceAttributes: { ...read.keyValuePairs('OTEL_RESOURCE_ATTRIBUTES'), ...options.resourceAttributes },
    traces: {
      exporters:
        options.traceExporters ??
        readExporterList(read, 'OTEL_TRACES_EXPORTER', otlpEndpointConfigured ? ['otlp'] : ['console']),
      otlp: resolveOtlpSignal(read, options, 'traces'),
      sampler: resolveSamplerSpec(read, options.sampler),
      batch: {
        scheduledDelayMillis:
          options.batch?.scheduledDelayMillis ?? read.number('OTEL_BSP_SCHEDULE_DELAY', 5000),
        exportTimeoutMillis:
          options.batch?.exportTimeoutMillis ?? read.number('OTEL_BSP_EXPORT_TIMEOUT', 30000),
        // Above the spec's 2048 so that a burst of 10,000 spans ended at once is delivered in full.
        maxQueueSize:
          options.batch?.maxQueueSize ??
          read.number('OTEL_BSP_MAX_QUEUE_SIZE', DEFAULT_MAX_QUEUE_SIZE, { min: 1 }),
        maxExportBatchSize:
          options.batch?.maxExportBatchSize ?? read.number('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, { min: 1 }),
      },
    },
    metrics: {
      exporters:
        options.metricExporters ??
        readExporterList(read, 'OTEL_METRICS_EXPORTER', metricsEndpointConfigured ? ['otlp'] : ['none']),
      otlp: resolveOtlpSignal(read, options, 'metrics'),
      exportIntervalMillis:
        options.metricExportIntervalMillis ?? read.number('OTEL_METRIC_EXPORT_INTERVAL', 60000, { min: 1 }),
      exportTimeoutMillis: read.number('OTEL_METRIC_EXPORT_TIMEOUT', 30000),
    },
    captureMessageContent:
      options.captureMessageContent ??
      read.boolean('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', false),
    enabledInstrumentations:
      options.enabledInstrumentations?.map((name) => name.toLowerCase()) ??
      read.list('OTEL_NODE_ENABLED_INSTRUMENTATIONS'),
    disabledInstrumentations:
      options.disabledInstrumentations?.map((name) => name.toLowerCase()) ??
      read.list('OTEL_NODE_DISABLED_INSTRUMENTATIONS') ??
      [],
    logLevel: options.logLevel ?? read.oneOf('OTEL_LOG_LEVEL', LOG_LEVELS, 'warn'),
    exitFlushTimeoutMillis:
      options.exitFlushTimeoutMillis ?? read.number('GENAI_OTEL_EXIT_FLUSH_TIMEOUT', 5000, { min: 1 }),
    flushOnExit: options.flushOnExit ?? true,
    workerThreads: options.workerThreads ?? read.boolean('GENAI_OTEL_WORKER_THREADS', true),
  };
}

function readExporterList(read: EnvReader, name: string, fallback: ExporterName[]): ExporterName[] {
  const entries = read.list(name);
  if (entries === undefined) return fallback;
  const known = entries.filter((entry): entry is ExporterName =>
    EXPORTER_NAMES.includes(entry as ExporterName),
  );
  const unknown = entries.filter((entry) => !EXPORTER_NAMES.includes(entry as ExporterName));
  if (unknown.length > 0) {
    const usable = known.length > 0 ? known : fallback;
    read.warnInvalid(
      name,
      unknown.join(','),
      usable.join(','),
      `genai-otel knows ${EXPORTER_NAMES.join(', ')}`,
    );
    return usable;
  }
  // `none` alongside others means nothing for that signal, as the spec says it disables it.
  return known.includes('none') ? ['none'] : known;
}

function resolveOtlpSignal(
  read: EnvReader,
  options: RegisterOptions,
  signal: 'traces' | 'metrics',
): OtlpSignalConfig {
  const SIGNAL = signal.toUpperCase();
  const signalEndpoint =
    (signal === 'traces' ? options.otlp?.tracesEndpoint : options.otlp?.metricsEndpoint) ??
    read.string(`OTEL_EXPORTER_OTLP_${SIGNAL}_ENDPOINT`);
  const baseEndpoint =
    options.otlp?.endpoint ?? read.string('OTEL_EXPORTER_OTLP_ENDPOINT') ?? DEFAULT_OTLP_ENDPOINT;
  const url = signalEndpoint ?? appendSignalPath(baseEndpoint, signal);

  const protocolName = read.string(`OTEL_EXPORTER_OTLP_${SIGNAL}_PROTOCOL`)
    ? `OTEL_EXPORTER_OTLP_${SIGNAL}_PROTOCOL`
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = options.otlp?.protocol ?? read.oneOf(protocolName, PROTOCOLS, 'http/protobuf');

  const timeoutName = read.string(`OTEL_EXPORTER_OTLP_${SIGNAL}_TIMEOUT`)
    ? `OTEL_EXPORTER_OTLP_${SIGNAL}_TIMEOUT`
    : 'OTEL_EXPORTER_OTLP_TIMEOUT';
  const timeoutMillis = options.otlp?.timeoutMillis ?? read.number(timeoutName, 10000, { min: 1 });

  const headers = {
    ...read.keyValuePairs('OTEL_EXPORTER_OTLP_HEADERS'),
    ...read.keyValuePairs(`OTEL_EXPORTER_OTLP_${SIGNAL}_HEADERS`),
    ...options.otlp?.headers,
  };
  return { url, protocol, headers, timeoutMillis };
}

/** The spec appends `v1/{signal}` to the base endpoint, keeping any path the base already has. */
function appendSignalPath(base: string, signal: 'traces' | 'metrics'): string {
  return `${base.endsWith('/') ? base : `${base}/`}v1/${signal}`;
}
