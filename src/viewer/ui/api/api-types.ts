/**
 * The JSON the viewer's HTTP API answers with (contract: docs/viewer-api.md). The server's
 * TypeScript model lives in src/viewer/model.ts; these mirror it for the browser bundle until
 * both branches meet, then this file re-exports from there.
 */
export type AttributeValue = string | number | boolean | Array<string | number | boolean> | null;
export type Attributes = Record<string, AttributeValue>;
export type StatusCode = 'unset' | 'ok' | 'error';

export interface SourceInfo {
  id: string;
  kind: string;
  label: string;
  url?: string;
}

export interface Facets {
  services: string[];
  providers: string[];
  models: string[];
}

export interface TraceSummary {
  traceId: string;
  startTimeMs: number;
  durationMs: number;
  rootName: string;
  serviceName: string;
  status: StatusCode;
  spanCount: number;
  errorCount: number;
  models: string[];
  providers: string[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface TraceList {
  traces: TraceSummary[];
  nextBefore?: number;
}

export interface SpanEvent {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  startTimeMs: number;
  durationMs: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: StatusCode; message?: string };
  serviceName: string;
  scopeName: string;
  scopeVersion?: string;
  attributes: Attributes;
  resource: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
}

export interface TraceDetail {
  traceId: string;
  spans: SpanRecord[];
  summary: TraceSummary;
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
