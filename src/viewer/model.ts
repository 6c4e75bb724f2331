/**
 * The JSON shapes the viewer's HTTP API returns (see docs/viewer-api.md). The server fills them
 * from the local store or a remote backend; the UI renders them. All times are milliseconds since
 * the epoch unless the name ends in `UnixNano`.
 */

/** An attribute value as sent; nested OTLP maps arrive as their JSON text. */
export type AttributeValue = string | number | boolean | Array<string | number | boolean> | null;

export type Attributes = Record<string, AttributeValue>;

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCodeName = 'unset' | 'ok' | 'error';

/** One row of the trace list. */
export interface TraceSummary {
  traceId: string;
  startTimeMs: number;
  durationMs: number;
  rootName: string;
  serviceName: string;
  /** `error` if any span has status error. */
  status: StatusCodeName;
  spanCount: number;
  errorCount: number;
  /** From `gen_ai.response.model` (else `gen_ai.request.model`). */
  models: string[];
  /** From `gen_ai.provider.name`. */
  providers: string[];
  /** Sums over inference spans. */
  inputTokens: number;
  outputTokens: number;
  /** Sum of `genai_otel.cost.usd`; null when no span carried a cost. */
  costUsd: number | null;
}

export interface SpanEventRecord {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

export interface SpanLinkRecord {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** One span, whichever encoding or backend it came from. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKindName;
  /** Float milliseconds (microsecond precision kept). */
  startTimeMs: number;
  durationMs: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: StatusCodeName; message?: string };
  serviceName: string;
  scopeName: string;
  scopeVersion?: string;
  /** Values as sent: `gen_ai.input.messages` stays a JSON string. */
  attributes: Attributes;
  resource: Attributes;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
}

export interface TraceDetail {
  traceId: string;
  spans: SpanRecord[];
  summary: TraceSummary;
}

export interface TraceListQuery {
  service?: string;
  provider?: string;
  model?: string;
  status?: 'ok' | 'error';
  since?: number;
  until?: number;
  minDurationMs?: number;
  /** Full-text search over span names and attribute values. */
  q?: string;
  limit: number;
  /** Cursor: only traces that started before this time. */
  before?: number;
}

export interface TraceList {
  traces: TraceSummary[];
  /** Pass as `before` for the next page; absent on the last page. */
  nextBefore?: number;
}

export interface Facets {
  services: string[];
  providers: string[];
  models: string[];
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

export interface OverviewBucket {
  startMs: number;
  model: string;
  provider: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP99Ms: number;
  ttftP50Ms: number | null;
}

export interface OverviewQuery {
  since?: number;
  until?: number;
  bucketMs?: number;
}

export interface Overview {
  buckets: OverviewBucket[];
  totals: {
    calls: number;
    errors: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    latencyMs: Percentiles;
    ttftMs: Percentiles | null;
  };
}

export interface SourceInfo {
  id: string;
  kind: 'local' | 'tempo' | 'jaeger';
  label: string;
  url?: string;
}
