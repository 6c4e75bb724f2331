import { type Attributes, diag } from '@opentelemetry/api';
import { type ContentLimits, resolveContentLimits } from '../content/content-limits';
import {
  conventionsFromOptIn,
  GENAI_CONVENTIONS,
  type GenAIConventions,
  SEMCONV_STABILITY_OPT_IN,
} from '../genai/semconv-version';
import { type ContentCaptureMode, parseContentCaptureMode } from './content-capture';
import { type Environment, EnvReader } from './env-reader';
import type { ExporterName, LogLevelName, OtlpProtocol, RegisterOptions } from './register-options';
import { resolveSamplerSpec, type SamplerSpec } from './sampler-spec';

/** One signal's OTLP settings, after options and environment are merged. */
export interface OtlpSignalConfig {
  url: string;
  /**
   * Where the URL came from, for messages: `OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318`,
   * `register({ otlp: { tracesEndpoint } })`, or the default.
   */
  urlSource: string;
  /** Set when the configured URL is unusable: why. The signal is then not exported over OTLP. */
  invalidUrl?: string;
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
  /** Whether content is recorded at all: {@link contentCaptureMode} is not `NO_CONTENT`. */
  captureMessageContent: boolean;
  /** Which GenAI conventions are written (`OTEL_SEMCONV_STABILITY_OPT_IN`, then the option). */
  genAIConventions: GenAIConventions;

  /** Where content goes: spans, the operation-details event, both or nowhere. */
  contentCaptureMode: ContentCaptureMode;
  /** The attribute length limit and per-span budget for content (docs/content.md). */
  contentLimits: ContentLimits;
  /** Log events (operation details, evaluations): where they are exported. */
  logs: {
    exporters: ExporterName[];
    otlp: OtlpSignalConfig;
  };
  enabledInstrumentations: string[] | undefined;
  disabledInstrumentations: string[];
  logLevel: LogLevelName;
  exitFlushTimeoutMillis: number;
  flushOnExit: boolean;
  /** Trace context into worker threads; see docs/context.md. */
  workerThreads: boolean;
  /** Host and Node.js runtime metrics (`GENAI_OTEL_SYSTEM_METRICS`). */
  systemMetrics: boolean;
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
  const baseEndpointConfigured =
    options.otlp?.endpoint !== undefined || read.string('OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined;
  const otlpEndpointConfigured =
    baseEndpointConfigured ||
    options.otlp?.tracesEndpoint !== undefined ||
    read.string('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined;
  // A traces-only endpoint says nothing about metrics: they stay off rather than going to the
  // default localhost:4318 (an explicit OTEL_METRICS_EXPORTER=otlp still sends them there).
  const metricsEndpointConfigured =
    baseEndpointConfigured ||
    options.otlp?.metricsEndpoint !== undefined ||
    read.string('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT') !== undefined;

  const tracesOtlp = resolveOtlpSignal(read, options, 'traces');
  const metricsOtlp = resolveOtlpSignal(read, options, 'metrics');
  const logsOtlp = resolveOtlpSignal(read, options, 'logs');
  const contentCaptureMode = resolveContentCaptureMode(read, options.captureMessageContent);
  // Log events go where the traces go: OTLP when an endpoint is configured, else nowhere (a
  // console dump of every prompt would drown the console tree).
  const logsEndpointConfigured =
    baseEndpointConfigured ||
    options.otlp?.logsEndpoint !== undefined ||
    read.string('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT') !== undefined;
  return {
    disabled: options.disabled ?? read.boolean('OTEL_SDK_DISABLED', false),
    serviceName: options.serviceName ?? read.string('OTEL_SERVICE_NAME'),
    resourceAttributes: { ...read.keyValuePairs('OTEL_RESOURCE_ATTRIBUTES'), ...options.resourceAttributes },
    traces: {
      exporters: withoutUnusableOtlp(
        options.traceExporters ??
          readExporterList(read, 'OTEL_TRACES_EXPORTER', otlpEndpointConfigured ? ['otlp'] : ['console']),
        tracesOtlp,
        'console',
      ),
      otlp: tracesOtlp,
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
      exporters: withoutUnusableOtlp(
        options.metricExporters ??
          readExporterList(read, 'OTEL_METRICS_EXPORTER', metricsEndpointConfigured ? ['otlp'] : ['none']),
        metricsOtlp,
        'none',
      ),
      otlp: metricsOtlp,
      exportIntervalMillis:
        options.metricExportIntervalMillis ?? read.number('OTEL_METRIC_EXPORT_INTERVAL', 60000, { min: 1 }),
      exportTimeoutMillis: read.number('OTEL_METRIC_EXPORT_TIMEOUT', 30000),
    },
    genAIConventions: resolveGenAIConventions(options.genAIConventions, read),
    captureMessageContent: contentCaptureMode !== 'NO_CONTENT',
    contentCaptureMode,
    contentLimits: resolveContentLimits(options.contentBudget, env),
    logs: {
      exporters: withoutUnusableOtlp(
        options.logExporters ??
          readExporterList(read, 'OTEL_LOGS_EXPORTER', logsEndpointConfigured ? ['otlp'] : ['none']),
        logsOtlp,
        'none',
      ),
      otlp: logsOtlp,
    },
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
    systemMetrics: options.systemMetrics ?? read.boolean('GENAI_OTEL_SYSTEM_METRICS', false),
  };
}

function resolveContentCaptureMode(
  read: EnvReader,
  option: boolean | ContentCaptureMode | undefined,
): ContentCaptureMode {
  const fromOption = parseContentCaptureMode(option);
  if (fromOption !== undefined) return fromOption;
  const name = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
  const raw = read.string(name);
  if (raw === undefined) return 'NO_CONTENT';
  const mode = parseContentCaptureMode(raw);
  if (mode === undefined) {
    read.warnInvalid(
      name,
      raw,
      'false (NO_CONTENT)',
      'expected true, false, NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT',
    );
  }
  return mode ?? 'NO_CONTENT';
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
  signal: 'traces' | 'metrics' | 'logs',
): OtlpSignalConfig {
  const SIGNAL = signal.toUpperCase();
  const { url, urlSource, invalidUrl } = resolveSignalUrl(read, options, signal);

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
  return { url, urlSource, ...(invalidUrl ? { invalidUrl } : {}), protocol, headers, timeoutMillis };
}

/**
 * Per the OTLP exporter spec, a per-signal endpoint is used as is, and the base endpoint gets
 * `v1/{signal}` appended (keeping any path it has). A base that already ends in `/v1/traces` (or
 * `/v1/metrics`, `/v1/logs`) is a per-signal URL put in the wrong variable: appending would send
 * to `/v1/traces/v1/traces`, so the suffix is dropped, with one warning. An unusable URL is
 * reported once and the signal is not exported over OTLP.
 */
function resolveSignalUrl(
  read: EnvReader,
  options: RegisterOptions,
  signal: 'traces' | 'metrics' | 'logs',
): Pick<OtlpSignalConfig, 'url' | 'urlSource' | 'invalidUrl'> {
  const SIGNAL = signal.toUpperCase();
  const signalOption = `${signal}Endpoint` as const;
  const signalVariable = `OTEL_EXPORTER_OTLP_${SIGNAL}_ENDPOINT`;
  const perSignal =
    options.otlp?.[signalOption] !== undefined
      ? { value: options.otlp[signalOption], name: `register({ otlp: { ${signalOption} } })` }
      : read.string(signalVariable) !== undefined
        ? { value: read.string(signalVariable) as string, name: signalVariable }
        : undefined;
  if (perSignal) return checkUrl(read, perSignal.name, perSignal.value, perSignal.value);

  const base =
    options.otlp?.endpoint !== undefined
      ? { value: options.otlp.endpoint, name: 'register({ otlp: { endpoint } })' }
      : read.string('OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined
        ? { value: read.string('OTEL_EXPORTER_OTLP_ENDPOINT') as string, name: 'OTEL_EXPORTER_OTLP_ENDPOINT' }
        : { value: DEFAULT_OTLP_ENDPOINT, name: 'the default endpoint' };
  let baseUrl = base.value;
  const signalPath = /\/v1\/(traces|metrics|logs)\/?$/.exec(baseUrl);
  if (signalPath) {
    baseUrl = baseUrl.slice(0, signalPath.index);
    read.warnOnce(
      `${base.name}:signal-path`,
      `genai-otel: ${base.name}=${JSON.stringify(base.value)} ends in ${signalPath[0].replace(/\/$/, '')}, but it is the base URL that /v1/traces and /v1/metrics are appended to; using ${JSON.stringify(baseUrl)} as the base. ` +
        `Fix: set ${base.name === 'OTEL_EXPORTER_OTLP_ENDPOINT' ? 'OTEL_EXPORTER_OTLP_ENDPOINT' : 'it'} to ${JSON.stringify(baseUrl)}, or put a full URL in OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.`,
    );
  }
  return checkUrl(
    read,
    base.name,
    base.value,
    `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}v1/${signal}`,
  );
}

function checkUrl(
  read: EnvReader,
  name: string,
  value: string,
  url: string,
): Pick<OtlpSignalConfig, 'url' | 'urlSource' | 'invalidUrl'> {
  const urlSource =
    name === 'the default endpoint' ? `the default ${DEFAULT_OTLP_ENDPOINT}` : `${name}=${value}`;
  let problem: string | undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      problem = `OTLP/HTTP needs an http:// or https:// URL, not ${parsed.protocol}`;
    }
  } catch {
    problem = 'not a URL; expected e.g. http://localhost:4318';
  }
  if (problem === undefined) return { url, urlSource };
  read.warnOnce(
    `${name}:invalid`,
    `genai-otel: ignoring ${name}=${JSON.stringify(value)} (${problem}); ${signalsUsing(name)} not exported over OTLP`,
  );
  return { url, urlSource, invalidUrl: problem };
}

function signalsUsing(name: string): string {
  if (/traces/i.test(name)) return 'traces are';
  if (/metrics/i.test(name)) return 'metrics are';
  if (/logs/i.test(name)) return 'log events are';
  return 'traces and metrics are';
}

/** Drops `otlp` from a signal's exporters when its URL is unusable; nothing left means `fallback`. */
function withoutUnusableOtlp(
  exporters: ExporterName[],
  otlp: OtlpSignalConfig,
  fallback: ExporterName,
): ExporterName[] {
  if (otlp.invalidUrl === undefined || !exporters.includes('otlp')) return exporters;
  const rest = exporters.filter((name) => name !== 'otlp');
  return rest.length > 0 ? rest : [fallback];
}

/** The option when it is one of the known values; otherwise `OTEL_SEMCONV_STABILITY_OPT_IN`. */
function resolveGenAIConventions(option: GenAIConventions | undefined, read: EnvReader): GenAIConventions {
  if (option !== undefined) {
    if (GENAI_CONVENTIONS.includes(option)) return option;
    diag.warn(
      `genai-otel: genAIConventions "${String(option)}" is not one of ${GENAI_CONVENTIONS.join(', ')}; ` +
        'using OTEL_SEMCONV_STABILITY_OPT_IN (default: released)',
    );
  }
  return conventionsFromOptIn(read.string(SEMCONV_STABILITY_OPT_IN));
}
