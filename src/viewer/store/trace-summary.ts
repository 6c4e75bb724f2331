import type { SpanRecord, TraceSummary } from '../model';
import { type SpanFacts, spanFacts } from './span-facts';

/**
 * A trace's running summary, in the store's column names: the store keeps one per trace and adds
 * each new span to it; remote sources fold a fetched trace's spans the same way.
 */
export interface TraceSummaryRow {
  trace_id: string;
  start_ms: number;
  end_ms: number;
  root_name: string;
  root_found: number;
  service_name: string;
  span_count: number;
  error_count: number;
  ok_count: number;
  /** JSON arrays of strings. */
  models: string;
  providers: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  /** What the trace's spans take in the store (record and search text), for the size limit. */
  bytes: number;
}

export function emptySummaryRow(span: SpanRecord): TraceSummaryRow {
  return {
    trace_id: span.traceId,
    start_ms: span.startTimeMs,
    end_ms: span.startTimeMs + span.durationMs,
    root_name: span.name,
    root_found: 0,
    service_name: span.serviceName,
    span_count: 0,
    error_count: 0,
    ok_count: 0,
    models: '[]',
    providers: '[]',
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: null,
    bytes: 0,
  };
}

export function addSpanToSummary(summary: TraceSummaryRow, span: SpanRecord, facts: SpanFacts): void {
  const isRoot = span.parentSpanId === null;
  // Until the root arrives (it ends last, so usually comes last) the earliest span stands in for it.
  if (isRoot || (summary.root_found === 0 && span.startTimeMs <= summary.start_ms)) {
    summary.root_name = span.name;
    summary.service_name = span.serviceName;
    if (isRoot) summary.root_found = 1;
  }
  summary.start_ms = Math.min(summary.start_ms, span.startTimeMs);
  summary.end_ms = Math.max(summary.end_ms, span.startTimeMs + span.durationMs);
  summary.span_count++;
  if (span.status.code === 'error') summary.error_count++;
  if (span.status.code === 'ok') summary.ok_count++;
  if (facts.model !== null) summary.models = withValue(summary.models, facts.model);
  if (facts.provider !== null) summary.providers = withValue(summary.providers, facts.provider);
  if (facts.inferenceOperation !== null) {
    summary.input_tokens += facts.inputTokens ?? 0;
    summary.output_tokens += facts.outputTokens ?? 0;
  }
  if (facts.costUsd !== null) summary.cost_usd = (summary.cost_usd ?? 0) + facts.costUsd;
}

function withValue(jsonList: string, value: string): string {
  const list = JSON.parse(jsonList) as string[];
  if (list.includes(value)) return jsonList;
  list.push(value);
  return JSON.stringify(list);
}

export function toTraceSummary(row: TraceSummaryRow): TraceSummary {
  return {
    traceId: row.trace_id,
    startTimeMs: row.start_ms,
    durationMs: row.end_ms - row.start_ms,
    rootName: row.root_name,
    serviceName: row.service_name,
    status: row.error_count > 0 ? 'error' : row.ok_count > 0 ? 'ok' : 'unset',
    spanCount: row.span_count,
    errorCount: row.error_count,
    models: JSON.parse(row.models) as string[],
    providers: JSON.parse(row.providers) as string[],
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
  };
}

/** The summary of a complete set of spans of one trace (at least one span). */
export function summarizeSpans(spans: readonly SpanRecord[]): TraceSummary {
  const first = spans[0];
  if (first === undefined) throw new Error('a trace summary needs at least one span');
  const row = emptySummaryRow(first);
  for (const span of spans) addSpanToSummary(row, span, spanFacts(span));
  return toTraceSummary(row);
}
