/**
 * A stand-in for `genai-otel view`'s HTTP side, for UI tests that need exact data (payloads,
 * garbage, many traces) rather than what an app happens to produce: it serves the built UI from
 * dist/viewer-ui with the same routing rule (any path outside /api/ and /v1/ gets index.html) and
 * answers the API of docs/viewer-api.md from in-memory traces. It records every API request, so
 * tests can check which filters the UI sent. The real server is tested end to end in
 * viewer-e2e.test.ts.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type {
  Overview,
  SourceInfo,
  SpanRecord,
  TraceDetail,
  TraceSummary,
} from '../../../../src/viewer/ui/api/api-types';
import {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GENAI_OTEL_COST_USD,
} from '../../../../src/viewer/ui/model/attribute-keys';
import { PROJECT_ROOT } from '../../../support/run-node-app';

export const UI_DIR = join(PROJECT_ROOT, 'dist/viewer-ui');

/** The policy the viewer promises: nothing inline, nothing from elsewhere. */
export const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export interface FixtureViewerOptions {
  traces?: SpanRecord[][];
  sources?: SourceInfo[];
  overview?: Overview;
  /** Require this bearer token (header, or `?token=` for /api/live) on the API. */
  token?: string;
  /** Send {@link STRICT_CSP}; default true. The XSS test turns it off so an injection could run. */
  csp?: boolean;
}

export interface RecordedApiRequest {
  path: string;
  query: URLSearchParams;
  authorization?: string;
}

export interface FixtureViewer {
  url: string;
  apiRequests: RecordedApiRequest[];
  /** Stores a trace (replacing one with the same id) without telling live clients. */
  addTrace(spans: SpanRecord[]): void;
  /** Sends `event: spans` to every open /api/live stream. */
  pushLive(traceIds: string[]): void;
  liveClientCount(): number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export async function startFixtureViewer(options: FixtureViewerOptions = {}): Promise<FixtureViewer> {
  if (!existsSync(join(UI_DIR, 'index.html'))) {
    throw new Error('dist/viewer-ui/index.html is missing: run `npm run build` first');
  }
  const traces = new Map<string, SpanRecord[]>();
  for (const spans of options.traces ?? []) addTrace(spans);
  const apiRequests: RecordedApiRequest[] = [];
  const liveClients = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  function addTrace(spans: SpanRecord[]): void {
    const traceId = spans[0]?.traceId;
    if (traceId) traces.set(traceId, spans);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const headers: Record<string, string> = { 'x-content-type-options': 'nosniff' };
    if (options.csp !== false) headers['content-security-policy'] = STRICT_CSP;
    if (url.pathname.startsWith('/api/')) {
      apiRequests.push({
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
      });
      if (options.token !== undefined) {
        const given = req.headers.authorization ?? `Bearer ${url.searchParams.get('token') ?? ''}`;
        if (given !== `Bearer ${options.token}`) {
          sendJson(res, 401, { error: 'token required' }, headers);
          return;
        }
      }
      answerApi(url, res, headers);
      return;
    }
    serveUi(url.pathname, res, headers).catch(() => sendJson(res, 500, { error: 'fixture failed' }, headers));
  });

  function answerApi(url: URL, res: ServerResponse, headers: Record<string, string>): void {
    const query = url.searchParams;
    const summaries = [...traces.values()].map(summarize);
    if (url.pathname === '/api/sources') {
      sendJson(
        res,
        200,
        { sources: options.sources ?? [{ id: 'local', kind: 'local', label: 'Local store' }] },
        headers,
      );
    } else if (url.pathname === '/api/facets') {
      sendJson(
        res,
        200,
        {
          services: unique(summaries.map((trace) => trace.serviceName)),
          providers: unique(summaries.flatMap((trace) => trace.providers)),
          models: unique(summaries.flatMap((trace) => trace.models)),
        },
        headers,
      );
    } else if (url.pathname === '/api/traces') {
      const limit = Number(query.get('limit') ?? 50);
      const before = query.has('before') ? Number(query.get('before')) : Number.POSITIVE_INFINITY;
      const matching = [...traces.values()]
        .filter((spans) => matches(spans, summarize(spans), query))
        .map(summarize)
        .filter((trace) => trace.startTimeMs < before)
        .sort((a, b) => b.startTimeMs - a.startTimeMs);
      const page = matching.slice(0, limit);
      const last = page[page.length - 1];
      sendJson(
        res,
        200,
        { traces: page, nextBefore: matching.length > limit && last ? last.startTimeMs : undefined },
        headers,
      );
    } else if (url.pathname.startsWith('/api/traces/')) {
      const traceId = decodeURIComponent(url.pathname.slice('/api/traces/'.length));
      const spans = traces.get(traceId);
      if (!spans) sendJson(res, 404, { error: `trace ${traceId} not found` }, headers);
      else sendJson(res, 200, { traceId, spans, summary: summarize(spans) } satisfies TraceDetail, headers);
    } else if (url.pathname === '/api/overview') {
      sendJson(res, 200, options.overview ?? emptyOverview(), headers);
    } else if (url.pathname === '/api/live') {
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': connected\n\n');
      liveClients.add(res);
      res.on('close', () => liveClients.delete(res));
    } else {
      sendJson(res, 404, { error: 'no such endpoint' }, headers);
    }
  }

  async function serveUi(
    pathname: string,
    res: ServerResponse,
    headers: Record<string, string>,
  ): Promise<void> {
    const file = normalize(join(UI_DIR, pathname));
    const isAsset = file.startsWith(UI_DIR) && extname(file) !== '' && existsSync(file);
    const path = isAsset ? file : join(UI_DIR, 'index.html');
    const body = await readFile(path);
    res.writeHead(200, {
      ...headers,
      'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    });
    res.end(body);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiRequests,
    addTrace,
    pushLive(traceIds) {
      for (const client of liveClients)
        client.write(`event: spans\ndata: ${JSON.stringify({ traceIds })}\n\n`);
    },
    liveClientCount: () => liveClients.size,
    close() {
      for (const client of liveClients) client.end();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The summary the real store computes, from the spans (see docs/viewer-api.md). */
export function summarize(spans: SpanRecord[]): TraceSummary {
  const ids = new Set(spans.map((span) => span.spanId));
  const root =
    spans.find((span) => span.parentSpanId === null || !ids.has(span.parentSpanId)) ??
    (spans[0] as SpanRecord);
  const start = Math.min(...spans.map((span) => span.startTimeMs));
  const end = Math.max(...spans.map((span) => span.startTimeMs + span.durationMs));
  const errors = spans.filter((span) => span.status.code === 'error').length;
  const number = (span: SpanRecord, key: string) => {
    const value = span.attributes[key];
    return typeof value === 'number' ? value : 0;
  };
  const costs = spans
    .map((span) => span.attributes[ATTR_GENAI_OTEL_COST_USD])
    .filter((v) => typeof v === 'number');
  return {
    traceId: root.traceId,
    startTimeMs: start,
    durationMs: end - start,
    rootName: root.name,
    serviceName: root.serviceName,
    status: errors > 0 ? 'error' : spans.some((span) => span.status.code === 'ok') ? 'ok' : 'unset',
    spanCount: spans.length,
    errorCount: errors,
    models: unique(
      spans.flatMap((span) => {
        const model =
          span.attributes[ATTR_GEN_AI_RESPONSE_MODEL] ?? span.attributes[ATTR_GEN_AI_REQUEST_MODEL];
        return typeof model === 'string' ? [model] : [];
      }),
    ),
    providers: unique(
      spans.flatMap((span) => {
        const provider = span.attributes[ATTR_GEN_AI_PROVIDER_NAME];
        return typeof provider === 'string' ? [provider] : [];
      }),
    ),
    inputTokens: spans.reduce((sum, span) => sum + number(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS), 0),
    outputTokens: spans.reduce((sum, span) => sum + number(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS), 0),
    costUsd: costs.length > 0 ? costs.reduce((sum, cost) => sum + cost, 0) : null,
  };
}

function matches(spans: SpanRecord[], summary: TraceSummary, query: URLSearchParams): boolean {
  const service = query.get('service');
  if (service && !spans.some((span) => span.serviceName === service)) return false;
  const provider = query.get('provider');
  if (provider && !summary.providers.includes(provider)) return false;
  const model = query.get('model');
  if (model && !summary.models.includes(model)) return false;
  const status = query.get('status');
  if (status === 'error' && summary.status !== 'error') return false;
  if (status === 'ok' && summary.status === 'error') return false;
  const since = query.get('since');
  if (since && summary.startTimeMs < Number(since)) return false;
  const minDuration = query.get('minDurationMs');
  if (minDuration && summary.durationMs < Number(minDuration)) return false;
  const q = query.get('q')?.toLowerCase();
  if (q) {
    const text = JSON.stringify(spans.map((span) => [span.name, span.attributes])).toLowerCase();
    if (!text.includes(q)) return false;
  }
  return true;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function emptyOverview(): Overview {
  return {
    buckets: [],
    totals: {
      calls: 0,
      errors: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      latencyMs: { p50: 0, p90: 0, p99: 0 },
      ttftMs: null,
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(text);
}
