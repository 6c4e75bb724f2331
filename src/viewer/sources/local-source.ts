import { overview } from '../store/overview-query';
import type { SpanStore } from '../store/span-store';
import { getTrace, listFacets, listTraces } from '../store/trace-queries';
import type { TraceSource } from './trace-source';

/** The viewer's own store, filled by its OTLP receiver. */
export function localSource(store: SpanStore, label: string): TraceSource {
  return {
    info: { id: 'local', kind: 'local', label },
    listTraces: async (query) => listTraces(store.db, query),
    getTrace: async (traceId) => getTrace(store.db, traceId),
    facets: async () => listFacets(store.db),
    overview: async (query) => overview(store.db, query),
  };
}
