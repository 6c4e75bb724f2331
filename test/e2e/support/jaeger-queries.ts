/** Reading traces back from Jaeger v2's query service, the way its UI and API users do. */
import { fetchJson } from './fetch-json';
import { pollFor } from './poll-for';
import { type OtlpJsonTraces, type StoredSpan, spansFromOtlpJson } from './stored-spans';

/** Jaeger `GET /api/v3/traces/{id}`, polled until the trace has `spanCount` spans. */
export function jaegerTraceById(queryUrl: string, traceId: string, spanCount: number): Promise<StoredSpan[]> {
  return pollFor(`Jaeger trace ${traceId}`, async () => {
    const answer = await fetchJson(`${queryUrl}/api/v3/traces/${traceId}`);
    const spans =
      answer.status === 200
        ? spansFromOtlpJson((answer.body as { result?: OtlpJsonTraces }).result ?? {})
        : [];
    return { value: spans.length >= spanCount ? spans : undefined, seen: `${answer.status} ${answer.text}` };
  });
}

/**
 * Jaeger's search, `GET /api/v3/traces?query.service_name=…` over the last hour: the trace ids of
 * the service, once `traceId` is among them.
 */
export function jaegerSearchByService(
  queryUrl: string,
  serviceName: string,
  traceId: string,
): Promise<string[]> {
  const now = Date.now();
  const params = new URLSearchParams({
    'query.service_name': serviceName,
    'query.start_time_min': new Date(now - 3_600_000).toISOString(),
    'query.start_time_max': new Date(now + 60_000).toISOString(),
    // How many traces to return: required (> 0) by the memory store; `num_traces` in Jaeger
    // v2.13, renamed `search_depth` later. Each version ignores the other's name.
    'query.num_traces': '20',
    'query.search_depth': '20',
  });
  return pollFor(`Jaeger search for ${serviceName}`, async () => {
    const answer = await fetchJson(`${queryUrl}/api/v3/traces?${params}`);
    const ids =
      answer.status === 200
        ? [
            ...new Set(
              spansFromOtlpJson((answer.body as { result?: OtlpJsonTraces }).result ?? {}).map(
                (s) => s.traceId,
              ),
            ),
          ]
        : [];
    return { value: ids.includes(traceId) ? ids : undefined, seen: `${answer.status} ${answer.text}` };
  });
}

export interface JaegerUiSpan {
  operationName: string;
  tags: Array<{ key: string; type: string; value: unknown }>;
  processID: string;
}
export interface JaegerUiTrace {
  traceID: string;
  spans: JaegerUiSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** Jaeger `GET /api/traces/{id}`: the model the Jaeger UI renders (tags, processes). */
export async function jaegerUiTrace(queryUrl: string, traceId: string): Promise<JaegerUiTrace> {
  const answer = await fetchJson(`${queryUrl}/api/traces/${traceId}`);
  const trace = (answer.body as { data?: JaegerUiTrace[] } | undefined)?.data?.[0];
  if (answer.status !== 200 || !trace) throw new Error(`Jaeger UI API: ${answer.status} ${answer.text}`);
  return trace;
}
