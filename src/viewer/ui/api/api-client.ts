import { accessToken } from './access-token';
import type { Facets, Overview, SourceInfo, TraceDetail, TraceList } from './api-types';

/** An API answer other than 2xx, with the server's `{ error }` text when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to show the user for a failed request. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type QueryParams = Record<string, string | number | undefined | null>;

/** `/api/<path>?<params>` with the empty params left out. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return `/api/${path}${query ? `?${query}` : ''}`;
}

async function getJson<T>(path: string, params: QueryParams, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(apiUrl(path, params), { headers, signal });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body.error === 'string') message = body.error;
    } catch {
      // Not JSON: the status line says enough.
    }
    throw new ApiError(response.status, message);
  }
  return (await response.json()) as T;
}

/** The trace list filters, as the API takes them. */
export interface TraceQuery {
  source: string;
  service?: string;
  provider?: string;
  model?: string;
  status?: string;
  since?: number;
  until?: number;
  minDurationMs?: number;
  q?: string;
  limit?: number;
  before?: number;
}

export function fetchSources(signal?: AbortSignal): Promise<{ sources: SourceInfo[] }> {
  return getJson('sources', {}, signal);
}

export function fetchFacets(source: string, signal?: AbortSignal): Promise<Facets> {
  return getJson('facets', { source }, signal);
}

export function fetchTraces(query: TraceQuery, signal?: AbortSignal): Promise<TraceList> {
  return getJson('traces', { ...query }, signal);
}

export function fetchTrace(source: string, traceId: string, signal?: AbortSignal): Promise<TraceDetail> {
  return getJson(`traces/${encodeURIComponent(traceId)}`, { source }, signal);
}

export function fetchOverview(
  params: { source: string; since: number; until: number; bucketMs: number },
  signal?: AbortSignal,
): Promise<Overview> {
  return getJson('overview', params, signal);
}
