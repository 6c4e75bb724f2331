import type { ServerResponse } from 'node:http';
import type { OverviewQuery, TraceListQuery } from '../model';
import { SourceUnavailableError, type TraceSource } from '../sources/trace-source';
import type { LiveStream } from './live-stream';

/** Headers every JSON answer carries. */
export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
} as const;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, JSON_HEADERS);
  response.end(JSON.stringify(body));
}

class BadRequest extends Error {}

const MAX_LIST_LIMIT = 500;
const TRACE_ID = /^[0-9a-f]{32}$/i;

function optionalNumber(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new BadRequest(`${name} must be a number, got "${raw}"`);
  return value;
}

function optionalText(params: URLSearchParams, name: string): string | undefined {
  const raw = params.get(name);
  return raw === null || raw === '' ? undefined : raw;
}

/** The list filters of `GET /api/traces`, validated. */
export function traceListQuery(params: URLSearchParams): TraceListQuery {
  const status = optionalText(params, 'status');
  if (status !== undefined && status !== 'ok' && status !== 'error') {
    throw new BadRequest(`status must be "ok" or "error", got "${status}"`);
  }
  const limit = optionalNumber(params, 'limit') ?? 50;
  if (!Number.isInteger(limit) || limit < 1) throw new BadRequest('limit must be a positive integer');
  const query: TraceListQuery = { limit: Math.min(limit, MAX_LIST_LIMIT) };
  const service = optionalText(params, 'service');
  const provider = optionalText(params, 'provider');
  const model = optionalText(params, 'model');
  const q = optionalText(params, 'q');
  const since = optionalNumber(params, 'since');
  const until = optionalNumber(params, 'until');
  const before = optionalNumber(params, 'before');
  const minDurationMs = optionalNumber(params, 'minDurationMs');
  if (service !== undefined) query.service = service;
  if (provider !== undefined) query.provider = provider;
  if (model !== undefined) query.model = model;
  if (status !== undefined) query.status = status;
  if (q !== undefined) query.q = q;
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (before !== undefined) query.before = before;
  if (minDurationMs !== undefined) query.minDurationMs = minDurationMs;
  return query;
}

function overviewQuery(params: URLSearchParams): OverviewQuery {
  const query: OverviewQuery = {};
  const since = optionalNumber(params, 'since');
  const until = optionalNumber(params, 'until');
  const bucketMs = optionalNumber(params, 'bucketMs');
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (bucketMs !== undefined) {
    if (bucketMs < 1) throw new BadRequest('bucketMs must be at least 1');
    query.bucketMs = bucketMs;
  }
  return query;
}

export interface ApiContext {
  sources: ReadonlyMap<string, TraceSource>;
  live: LiveStream;
}

/** Answers one `GET /api/...` request per docs/viewer-api.md. */
export async function handleApi(context: ApiContext, url: URL, response: ServerResponse): Promise<void> {
  try {
    const path = url.pathname;
    const params = url.searchParams;
    if (path === '/api/sources') {
      sendJson(response, 200, { sources: [...context.sources.values()].map((source) => source.info) });
      return;
    }
    const sourceId = params.get('source') || 'local';
    const source = context.sources.get(sourceId);
    if (source === undefined) {
      sendJson(response, 400, {
        error: `unknown source "${sourceId}"; this viewer has: ${[...context.sources.keys()].join(', ')}`,
      });
      return;
    }
    if (path === '/api/facets') {
      sendJson(response, 200, await source.facets());
    } else if (path === '/api/traces') {
      sendJson(response, 200, await source.listTraces(traceListQuery(params)));
    } else if (path.startsWith('/api/traces/')) {
      const traceId = decodeURIComponent(path.slice('/api/traces/'.length));
      if (!TRACE_ID.test(traceId)) {
        sendJson(response, 400, { error: 'a trace id is 32 hexadecimal characters' });
        return;
      }
      const trace = await source.getTrace(traceId.toLowerCase());
      if (trace === undefined)
        sendJson(response, 404, { error: `no trace ${traceId} in ${source.info.label}` });
      else sendJson(response, 200, trace);
    } else if (path === '/api/overview') {
      if (source.overview === undefined) {
        sendJson(response, 400, {
          error: `the overview is available for the local store only, not ${sourceId}`,
        });
        return;
      }
      sendJson(response, 200, await source.overview(overviewQuery(params)));
    } else if (path === '/api/live') {
      if (sourceId !== 'local') {
        sendJson(response, 400, { error: 'live updates are available for the local store only' });
        return;
      }
      context.live.attach(response, {
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
    } else {
      sendJson(response, 404, { error: `no API endpoint ${path}` });
    }
  } catch (error) {
    if (error instanceof BadRequest) sendJson(response, 400, { error: error.message });
    else if (error instanceof SourceUnavailableError) sendJson(response, 502, { error: error.message });
    else sendJson(response, 500, { error: `the viewer failed to answer: ${(error as Error).message}` });
  }
}
