import type {
  Facets,
  Overview,
  OverviewQuery,
  SourceInfo,
  TraceDetail,
  TraceList,
  TraceListQuery,
} from '../model';

/**
 * Where the viewer reads traces from: the local store, or a team's Tempo or Jaeger. Each answers
 * in the API's shapes, so the UI never knows which one it is talking to.
 */
export interface TraceSource {
  readonly info: SourceInfo;
  listTraces(query: TraceListQuery): Promise<TraceList>;
  /** Undefined when the source has no trace with this id. */
  getTrace(traceId: string): Promise<TraceDetail | undefined>;
  facets(): Promise<Facets>;
  /** Only sources that keep every inference span can chart them; the others leave this out. */
  overview?(query: OverviewQuery): Promise<Overview>;
}

/** A remote backend answered with an error or could not be reached; the API answers 502. */
export class SourceUnavailableError extends Error {
  override readonly name = 'SourceUnavailableError';
}
