import type { TraceDetail, TraceList, TraceListQuery } from '../model';
import { OtlpFormatError } from '../otlp/otlp-format-error';
import { spansFromTraceRequest } from '../otlp/otlp-trace-request';
import { searchableText, spanFacts } from '../store/span-facts';
import { searchWords } from '../store/trace-queries';
import { summarizeSpans } from '../store/trace-summary';
import { SourceUnavailableError } from './trace-source';

/**
 * A trace from a backend that answers OTLP/JSON (Jaeger's `/api/v3`, Tempo's `/api/v2/traces`),
 * in the API's shape; undefined when it holds no spans.
 */
export function traceFromOtlpJson(label: string, otlpJson: unknown): TraceDetail | undefined {
  let spans: ReturnType<typeof spansFromTraceRequest>['spans'];
  try {
    spans = spansFromTraceRequest(otlpJson ?? {}).spans;
  } catch (error) {
    if (error instanceof OtlpFormatError) throw new SourceUnavailableError(`${label}: ${error.message}`);
    throw error;
  }
  const first = spans[0];
  if (first === undefined) return undefined;
  spans.sort((a, b) => a.startTimeMs - b.startTimeMs);
  return { traceId: first.traceId, spans, summary: summarizeSpans(spans) };
}

/** Splits fetched spans by trace id into details. */
export function tracesFromOtlpJson(label: string, otlpJson: unknown): TraceDetail[] {
  const whole = traceFromOtlpJson(label, otlpJson);
  if (whole === undefined) return [];
  const byTrace = new Map<string, TraceDetail['spans']>();
  for (const span of whole.spans) {
    const list = byTrace.get(span.traceId) ?? [];
    list.push(span);
    byTrace.set(span.traceId, list);
  }
  return [...byTrace].map(([traceId, spans]) => ({ traceId, spans, summary: summarizeSpans(spans) }));
}

/**
 * Applies the list filters a backend's search could not express to fetched traces, then sorts
 * newest first and cuts to the page. Full-text search looks for each word as a substring of the
 * same text the local store indexes.
 */
export function filterFetchedTraces(traces: readonly TraceDetail[], query: TraceListQuery): TraceList {
  const words = query.q === undefined ? [] : searchWords(query.q).map((word) => word.toLowerCase());
  const matching = traces.filter((trace) => {
    const summary = trace.summary;
    if (query.since !== undefined && summary.startTimeMs < query.since) return false;
    if (query.until !== undefined && summary.startTimeMs > query.until) return false;
    if (query.before !== undefined && summary.startTimeMs >= query.before) return false;
    if (query.minDurationMs !== undefined && summary.durationMs < query.minDurationMs) return false;
    if (query.status === 'error' && summary.errorCount === 0) return false;
    if (query.status === 'ok' && summary.errorCount > 0) return false;
    if (query.service !== undefined && !trace.spans.some((span) => span.serviceName === query.service))
      return false;
    if (query.model !== undefined && !trace.spans.some((span) => spanFacts(span).model === query.model))
      return false;
    if (query.provider !== undefined && !summary.providers.includes(query.provider)) return false;
    if (words.length > 0) {
      const text = trace.spans.map(searchableText).join('\n').toLowerCase();
      if (!words.every((word) => text.includes(word))) return false;
    }
    return true;
  });
  matching.sort((a, b) => b.summary.startTimeMs - a.summary.startTimeMs);
  const page = matching.slice(0, query.limit).map((trace) => trace.summary);
  const last = page.at(-1);
  return matching.length > query.limit && last !== undefined
    ? { traces: page, nextBefore: last.startTimeMs }
    : { traces: page };
}
