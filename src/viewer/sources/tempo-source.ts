import {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
} from '../../genai/semconv';
import type { Facets, SourceInfo, TraceDetail, TraceList, TraceListQuery } from '../model';
import { fetchRemoteJson, mapWithConcurrency } from './remote-fetch';
import { filterFetchedTraces, traceFromOtlpJson } from './remote-traces';
import type { TraceSource } from './trace-source';

interface TempoSearchAnswer {
  traces?: Array<{ traceID: string }>;
}
interface TempoTagValues {
  tagValues?: Array<{ value?: string }>;
}

/** How far back a search without `since` looks. */
const DEFAULT_SEARCH_WINDOW_MS = 24 * 3_600_000;
/** Traces fetched in full per list page (Tempo's search answers ids, not spans). */
const MAX_FETCHED_TRACES = 100;

/** A TraceQL string literal. */
function literal(value: string): string {
  return JSON.stringify(value);
}

/** The list filters TraceQL can express, as one query (every spanset must match in the trace). */
export function traceQLFor(query: TraceListQuery): string {
  const spansets: string[] = [];
  if (query.service !== undefined) spansets.push(`{ resource.service.name = ${literal(query.service)} }`);
  if (query.provider !== undefined)
    spansets.push(`{ span.${ATTR_GEN_AI_PROVIDER_NAME} = ${literal(query.provider)} }`);
  if (query.model !== undefined) {
    spansets.push(
      `{ span.${ATTR_GEN_AI_RESPONSE_MODEL} = ${literal(query.model)} || span.${ATTR_GEN_AI_REQUEST_MODEL} = ${literal(query.model)} }`,
    );
  }
  if (query.status === 'error') spansets.push('{ status = error }');
  if (query.minDurationMs !== undefined)
    spansets.push(`{ traceDuration >= ${Math.max(0, Math.floor(query.minDurationMs))}ms }`);
  return spansets.length === 0 ? '{}' : spansets.join(' && ');
}

/**
 * Grafana Tempo through its HTTP API: TraceQL search (`/api/search`) for the list, whose hits are
 * then read in full (`/api/v2/traces/{id}`) so the list shows models, tokens and cost, and tag
 * values (`/api/v2/search/tag/…/values`) for the filters.
 */
export class TempoSource implements TraceSource {
  readonly info: SourceInfo;

  constructor(private readonly baseUrl: string) {
    this.info = { id: 'tempo', kind: 'tempo', label: `Tempo (${new URL(baseUrl).host})`, url: baseUrl };
  }

  async listTraces(query: TraceListQuery): Promise<TraceList> {
    const now = Date.now();
    const endMs = Math.min(query.until ?? now + 60_000, query.before ?? Number.POSITIVE_INFINITY);
    const startMs = query.since ?? endMs - DEFAULT_SEARCH_WINDOW_MS;
    // Filters Tempo cannot apply (text, status ok) are applied to what it returns: ask for more.
    const needsClientFilter = query.q !== undefined || query.status === 'ok';
    const searchLimit = Math.min(MAX_FETCHED_TRACES, needsClientFilter ? query.limit * 4 : query.limit + 1);
    const params = new URLSearchParams({
      q: traceQLFor(query),
      start: String(Math.floor(startMs / 1000)),
      end: String(Math.ceil(endMs / 1000)),
      limit: String(searchLimit),
    });
    const answer = (await fetchRemoteJson(this.info.label, `${this.baseUrl}/api/search?${params}`)) as
      | TempoSearchAnswer
      | undefined;
    const ids = (answer?.traces ?? []).map((trace) => trace.traceID.padStart(32, '0'));
    const traces = (await mapWithConcurrency(ids, 6, (id) => this.getTrace(id))).filter(
      (trace): trace is TraceDetail => trace !== undefined,
    );
    return filterFetchedTraces(traces, query);
  }

  async getTrace(traceId: string): Promise<TraceDetail | undefined> {
    const answer = (await fetchRemoteJson(this.info.label, `${this.baseUrl}/api/v2/traces/${traceId}`)) as
      | { trace?: unknown }
      | undefined;
    return answer === undefined ? undefined : traceFromOtlpJson(this.info.label, answer.trace);
  }

  async facets(): Promise<Facets> {
    const valuesOf = async (tag: string) => {
      const answer = (await fetchRemoteJson(
        this.info.label,
        `${this.baseUrl}/api/v2/search/tag/${encodeURIComponent(tag)}/values`,
      )) as TempoTagValues | undefined;
      return [
        ...new Set((answer?.tagValues ?? []).flatMap((entry) => (entry.value ? [entry.value] : []))),
      ].sort();
    };
    const [services, providers, responseModels, requestModels] = await Promise.all([
      valuesOf('resource.service.name'),
      valuesOf(`span.${ATTR_GEN_AI_PROVIDER_NAME}`),
      valuesOf(`span.${ATTR_GEN_AI_RESPONSE_MODEL}`),
      valuesOf(`span.${ATTR_GEN_AI_REQUEST_MODEL}`),
    ]);
    return { services, providers, models: [...new Set([...responseModels, ...requestModels])].sort() };
  }
}
