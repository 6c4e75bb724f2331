import type { Attributes, DiagLogger } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { MetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { Sampler, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ContentOffloadOptions } from '../content/content-offload';
import type { PricingOverrides } from '../cost/pricing-overrides';
import type { GenAIConventions } from '../genai/semconv-version';
import type { RequestHooks } from '../hooks/request-hooks';
import type { RedactionOptions } from '../redaction/redaction-options';
import type { ContentCaptureMode } from './content-capture';
import type { SamplerName } from './sampler-spec';

/** Where spans and metrics go. `console` prints a readable tree on stderr; `none` drops the signal. */
export type ExporterName = 'otlp' | 'console' | 'none';

/** The OTLP/HTTP encodings genai-otel speaks. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export type LogLevelName = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

export interface OtlpOptions {
  /** Base URL; `/v1/traces` and `/v1/metrics` are appended. Env: `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint?: string;
  /** Full URL for traces, used as is. Env: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
  tracesEndpoint?: string;
  /** Full URL for metrics, used as is. Env: `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`. */
  metricsEndpoint?: string;
  /** Full URL for log events, used as is. Env: `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`. */
  logsEndpoint?: string;
  /** Env: `OTEL_EXPORTER_OTLP_PROTOCOL` (and the `_TRACES_` / `_METRICS_` forms). Default `http/protobuf`. */
  protocol?: OtlpProtocol;
  /** Sent with every export, e.g. an `Authorization` header. Env: `OTEL_EXPORTER_OTLP_HEADERS`. */
  headers?: Record<string, string>;
  /** Per request. Env: `OTEL_EXPORTER_OTLP_TIMEOUT`. Default 10000. */
  timeoutMillis?: number;
}

export interface BatchOptions {
  /** Env: `OTEL_BSP_SCHEDULE_DELAY`. Default 5000. */
  scheduledDelayMillis?: number;
  /** Env: `OTEL_BSP_EXPORT_TIMEOUT`. Default 30000. */
  exportTimeoutMillis?: number;
  /**
   * Env: `OTEL_BSP_MAX_QUEUE_SIZE`. Default 16384 (the spec's 2048 loses most of a burst of a
   * few thousand spans ended at once; see docs/reliability.md).
   */
  maxQueueSize?: number;
  /** Env: `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`. Default 512. */
  maxExportBatchSize?: number;
}

/**
 * Options of {@link register}. Every option wins over its environment variable; what is not given
 * here is read from the standard `OTEL_*` variables.
 */
export interface RegisterOptions {
  /** Env: `OTEL_SDK_DISABLED=true` turns genai-otel into a no-op. */
  disabled?: boolean;
  /** `service.name` of the resource. Env: `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** Extra resource attributes, merged over `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes?: Attributes;
  /**
   * Span exporters by name. Env: `OTEL_TRACES_EXPORTER` (comma list). Default: `otlp` when an OTLP
   * endpoint is configured, otherwise `console`.
   */
  traceExporters?: ExporterName[];
  /** Metric exporters by name. Env: `OTEL_METRICS_EXPORTER`. Default: `otlp` when an endpoint is configured, otherwise `none`. */
  metricExporters?: ExporterName[];
  /** Extra span exporters (each behind its own batch processor), e.g. an in-memory exporter in tests. */
  spanExporters?: SpanExporter[];
  /** Extra span processors, run before the exporting ones. */
  spanProcessors?: SpanProcessor[];
  /** Extra metric exporters, read periodically like the OTLP one. */
  pushMetricExporters?: PushMetricExporter[];
  /** Extra metric readers. */
  metricReaders?: MetricReader[];
  otlp?: OtlpOptions;
  /**
   * A Sampler object, or one named as in `OTEL_TRACES_SAMPLER` — `'parentbased_traceidratio'`, or
   * `{ name: 'parentbased_traceidratio', ratio: 0.1 }` (a name alone takes its ratio from
   * `OTEL_TRACES_SAMPLER_ARG`, else 1). Env: `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`.
   * Default `parentbased_always_on`. An invalid value warns once and keeps the default.
   */
  sampler?: Sampler | SamplerName | { name: SamplerName; ratio?: number };
  batch?: BatchOptions;
  /** Env: `OTEL_METRIC_EXPORT_INTERVAL`. Default 60000. */
  metricExportIntervalMillis?: number;
  /**
   * Host and Node.js runtime metrics beside the GenAI ones: CPU, memory, network of the host
   * (`@opentelemetry/host-metrics`) and event-loop delay and utilization, heap and GC of this
   * process (`@opentelemetry/instrumentation-runtime-node`). Loaded only when on. Exported like the
   * other metrics, so a metric exporter must be configured. Env: `GENAI_OTEL_SYSTEM_METRICS`.
   * Default false.
   */
  systemMetrics?: boolean;
  /**
   * Log-event exporters by name (the `gen_ai.client.inference.operation.details` and
   * `gen_ai.evaluation.result` events). Env: `OTEL_LOGS_EXPORTER`. Default: `otlp` when an OTLP
   * endpoint is configured, otherwise `none`. The logs SDK is loaded only when this is not `none`.
   */
  logExporters?: ExporterName[];
  /**
   * Record prompts, completions, tool arguments and results. Off by default: content may hold
   * personal data. `true` (= `'SPAN_ONLY'`) records them as span attributes; `'EVENT_ONLY'` on the
   * `gen_ai.client.inference.operation.details` log event instead; `'SPAN_AND_EVENT'` on both.
   * Env: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` (`true`, `false` or a mode name).
   */
  captureMessageContent?: boolean | ContentCaptureMode;
  /**
   * Characters of content (all content attributes together) one span may carry; longer content is
   * cut inside its parts, keeping the JSON valid, and the cut is counted in
   * `genai_otel.content.truncated_chars`. `0` turns the budget off. Env: `GENAI_OTEL_CONTENT_BUDGET`.
   * Default 131072. `OTEL_(SPAN_)ATTRIBUTE_VALUE_LENGTH_LIMIT` also applies, per attribute.
   */
  contentBudget?: number;
  /**
   * Store large media (over 1 KiB of base64) and long texts outside the span and reference them
   * from the parts by `uri`: `{ directory }` for the built-in filesystem store, `{ store }` for
   * your own (object storage). Env: `GENAI_OTEL_CONTENT_OFFLOAD_DIR`. Default: off (media elided).
   */
  contentOffload?: ContentOffloadOptions | false;
  /**
   * Which GenAI conventions to write: `released` (semantic-conventions v1.41, the default),
   * `latest` (the semantic-conventions-genai draft) or `both` (every name of both, while dashboards
   * move). Env: `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental` (latest) or
   * `gen_ai_latest_experimental/dup` (both). The differences: docs/semconv-versions.md.
   */
  genAIConventions?: GenAIConventions;
  /**
   * Which of genai-otel's instrumentations to enable, by short name (`openai`, ...). Env:
   * `OTEL_NODE_ENABLED_INSTRUMENTATIONS` / `OTEL_NODE_DISABLED_INSTRUMENTATIONS`. Default: all.
   */
  enabledInstrumentations?: string[];
  disabledInstrumentations?: string[];
  /** More OpenTelemetry instrumentations to register alongside ours. */
  instrumentations?: Instrumentation[];
  /** Level of OpenTelemetry's `diag` console logger. Env: `OTEL_LOG_LEVEL`. Default `warn`. */
  logLevel?: LogLevelName;
  /** Your own `diag` logger instead of the console one (set to `false` to leave `diag` alone). */
  diagLogger?: DiagLogger | false;
  /**
   * How long flushing may delay the end of the process (normal end, `process.exit()`, signals,
   * uncaught errors). Env: `GENAI_OTEL_EXIT_FLUSH_TIMEOUT`. Default 5000.
   */
  exitFlushTimeoutMillis?: number;
  /** Flush on exit and on SIGTERM/SIGINT. Default true. */
  flushOnExit?: boolean;
  /**
   * Carry trace context into `worker_threads` (the span active at `new Worker()` parents the
   * worker's spans; workers' spans are exported by this thread). `false` leaves workers untouched,
   * and the register entry then does nothing inside workers. Env: `GENAI_OTEL_WORKER_THREADS`.
   * Default true. See docs/context.md.
   */
  workerThreads?: boolean;
  /**
   * Scrubbing of GenAI content attributes (any instrumentation's) before export: built-in API-key
   * and e-mail patterns, your patterns, your hook. `false` turns it off. Env: `GENAI_OTEL_REDACT_*`;
   * see SECURITY.md.
   */
  redaction?: RedactionOptions | false;
  /**
   * Request/response hooks for instrumented calls (`beforeRequest(params, info)` may change the
   * request, `afterResponse(result, span, info)` may add attributes); see docs/events.md. In a
   * saved configuration file, module paths.
   */
  hooks?: RequestHooks;
  /** Negotiated prices (USD per million tokens) that win over the catalogue; see docs/cost.md. */
  pricing?: PricingOverrides;
  /** Defaults of event-source bridges: event types whose starts / ends are not traced. */
  events?: { ignoreEventStarts?: string[]; ignoreEventEnds?: string[] };
}
