import type { TraceQuery } from '../api/api-client';

/** The list's filters as they stand in the page URL (`/?service=…&q=…`), so a filtered list is a link. */
export interface TraceFilters {
  service: string;
  provider: string;
  model: string;
  status: string;
  /** A key of {@link TIME_RANGES}, or '' for all time. */
  range: string;
  minDurationMs: string;
  q: string;
}

export const FILTER_KEYS: ReadonlyArray<keyof TraceFilters> = [
  'service',
  'provider',
  'model',
  'status',
  'range',
  'minDurationMs',
  'q',
];

export const TIME_RANGES: Readonly<Record<string, { label: string; ms: number }>> = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '6h': { label: 'Last 6 hours', ms: 6 * 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 3_600_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
};

export function filtersFromQuery(query: URLSearchParams): TraceFilters {
  const filters = {} as TraceFilters;
  for (const key of FILTER_KEYS) filters[key] = query.get(key) ?? '';
  return filters;
}

/** The API query for these filters; the time range is resolved against `now`. */
export function traceQuery(source: string, filters: TraceFilters, now: number): TraceQuery {
  const range = TIME_RANGES[filters.range];
  const minDuration = Number(filters.minDurationMs);
  return {
    source,
    service: filters.service || undefined,
    provider: filters.provider || undefined,
    model: filters.model || undefined,
    status: filters.status === 'ok' || filters.status === 'error' ? filters.status : undefined,
    since: range ? now - range.ms : undefined,
    minDurationMs: filters.minDurationMs !== '' && minDuration > 0 ? minDuration : undefined,
    q: filters.q.trim() || undefined,
  };
}
