/** Reading traces back from Grafana Tempo's HTTP API: trace by id and TraceQL search. */
import { fetchJson } from './fetch-json';
import { pollFor } from './poll-for';
import {
  type OtlpJsonKeyValue,
  type OtlpJsonTraces,
  type StoredSpan,
  spansFromOtlpJson,
} from './stored-spans';

/** Tempo `GET /api/v2/traces/{id}`, polled until the trace has `spanCount` spans. */
export function tempoTraceById(apiUrl: string, traceId: string, spanCount: number): Promise<StoredSpan[]> {
  return pollFor(`Tempo trace ${traceId}`, async () => {
    const answer = await fetchJson(`${apiUrl}/api/v2/traces/${traceId}`);
    const spans =
      answer.status === 200 ? spansFromOtlpJson((answer.body as { trace?: OtlpJsonTraces }).trace ?? {}) : [];
    return { value: spans.length >= spanCount ? spans : undefined, seen: `${answer.status} ${answer.text}` };
  });
}

export interface TraceQLMatch {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  spanSets?: Array<{ spans?: Array<{ spanID: string; attributes?: OtlpJsonKeyValue[] }>; matched?: number }>;
}

/**
 * Tempo `GET /api/search?q=<TraceQL>`, polled until `traceId` matches. Search reads only blocks
 * the ingester has cut (about a second after the trace goes idle with the test config).
 */
export function tempoTraceQLSearch(apiUrl: string, query: string, traceId: string): Promise<TraceQLMatch> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const params = new URLSearchParams({
    q: query,
    start: String(nowSeconds - 3_600),
    end: String(nowSeconds + 60),
    limit: '50',
  });
  // Search answers trace ids without leading zeros.
  const wanted = traceId.replace(/^0+/, '');
  return pollFor(
    `Tempo TraceQL ${query}`,
    async () => {
      const answer = await fetchJson(`${apiUrl}/api/search?${params}`);
      const traces = (answer.body as { traces?: TraceQLMatch[] } | undefined)?.traces ?? [];
      const match = traces.find((trace) => trace.traceID.replace(/^0+/, '') === wanted);
      return { value: match, seen: `${answer.status} ${answer.text}` };
    },
    { timeoutMillis: 90_000, intervalMillis: 1_000 },
  );
}
