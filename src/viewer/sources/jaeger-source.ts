import type { Facets, SourceInfo, TraceDetail, TraceList, TraceListQuery } from '../model';
import { spanFacts } from '../store/span-facts';
import { fetchRemoteJson, mapWithConcurrency } from './remote-fetch';
import { filterFetchedTraces, traceFromOtlpJson, tracesFromOtlpJson } from './remote-traces';
import type { TraceSource } from './trace-source';

/** How far back a search without `since` looks. */
const DEFAULT_SEARCH_WINDOW_MS = 24 * 3_600_000;
/** Jaeger searches one service at a time; a list over all services asks this many. */
const MAX_SERVICES_SEARCHED = 20;
const MAX_FETCHED_TRACES = 100;

/**
 * Jaeger (v2, or v1.5x+) through its query service's API v3: `/api/v3/traces` searches one
 * service and answers whole traces as OTLP/JSON; `/api/v3/traces/{id}` reads one;
 * `/api/v3/services` lists services. Providers and models for the filters are collected from the
 * traces this source has read, since Jaeger has no tag-value listing.
 */
export class JaegerSource implements TraceSource {
  readonly info: SourceInfo;
  private readonly seenProviders = new Set<string>();
  private readonly seenModels = new Set<string>();

  constructor(private readonly baseUrl: string) {
    this.info = { id: 'jaeger', kind: 'jaeger', label: `Jaeger (${new URL(baseUrl).host})`, url: baseUrl };
  }

  private async services(): Promise<string[]> {
    const answer = (await fetchRemoteJson(this.info.label, `${this.baseUrl}/api/v3/services`)) as
      | { services?: string[] }
      | undefined;
    return [...(answer?.services ?? [])].sort();
  }

  async listTraces(query: TraceListQuery): Promise<TraceList> {
    const now = Date.now();
    const endMs = Math.min(query.until ?? now + 60_000, query.before ?? Number.POSITIVE_INFINITY);
    const startMs = query.since ?? endMs - DEFAULT_SEARCH_WINDOW_MS;
    const needsClientFilter =
      query.q !== undefined ||
      query.status !== undefined ||
      query.model !== undefined ||
      query.provider !== undefined;
    const depth = Math.min(MAX_FETCHED_TRACES, needsClientFilter ? query.limit * 4 : query.limit + 1);
    const services =
      query.service !== undefined ? [query.service] : (await this.services()).slice(0, MAX_SERVICES_SEARCHED);
    const perService = await mapWithConcurrency(services, 4, async (service) => {
      const params = new URLSearchParams({
        'query.service_name': service,
        'query.start_time_min': new Date(startMs).toISOString(),
        'query.start_time_max': new Date(endMs).toISOString(),
        // `num_traces` in Jaeger v2.13, renamed `search_depth` later; each ignores the other.
        'query.num_traces': String(depth),
        'query.search_depth': String(depth),
      });
      if (query.minDurationMs !== undefined)
        params.set('query.duration_min', `${query.minDurationMs / 1000}s`);
      const answer = (await fetchRemoteJson(this.info.label, `${this.baseUrl}/api/v3/traces?${params}`)) as
        | { result?: unknown }
        | undefined;
      return answer === undefined ? [] : tracesFromOtlpJson(this.info.label, answer.result);
    });
    const byId = new Map<string, TraceDetail>();
    for (const trace of perService.flat()) byId.set(trace.traceId, trace);
    for (const trace of byId.values()) this.remember(trace);
    return filterFetchedTraces([...byId.values()], query);
  }

  async getTrace(traceId: string): Promise<TraceDetail | undefined> {
    const answer = (await fetchRemoteJson(this.info.label, `${this.baseUrl}/api/v3/traces/${traceId}`)) as
      | { result?: unknown }
      | undefined;
    const trace = answer === undefined ? undefined : traceFromOtlpJson(this.info.label, answer.result);
    if (trace !== undefined) this.remember(trace);
    return trace;
  }

  async facets(): Promise<Facets> {
    return {
      services: await this.services(),
      providers: [...this.seenProviders].sort(),
      models: [...this.seenModels].sort(),
    };
  }

  private remember(trace: TraceDetail): void {
    for (const span of trace.spans) {
      const facts = spanFacts(span);
      if (facts.provider !== null) this.seenProviders.add(facts.provider);
      if (facts.model !== null) this.seenModels.add(facts.model);
    }
  }
}
