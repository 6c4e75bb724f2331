import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { receiveOtlp } from '../otlp/otlp-http-receiver';
import type { OtlpSignal } from '../otlp/otlp-proto-schema';
import { localSource } from '../sources/local-source';
import type { TraceSource } from '../sources/trace-source';
import { applyRetention, type RetentionPolicy } from '../store/retention';
import type { SpanStore } from '../store/span-store';
import { StoreWriter, type StoreWriterOptions } from '../store/store-writer';
import { handleApi, sendJson } from './api-routes';
import { LiveStream } from './live-stream';
import {
  hasLoopbackHostHeader,
  hasToken,
  hasUiTokenCookie,
  isLoopbackHost,
  uiTokenCookie,
} from './request-auth';
import { defaultUiDir, serveUi } from './static-ui';

export interface ViewerServerOptions {
  store: SpanStore;
  /** Shown as the local source's label, e.g. the store's path. */
  storeLabel?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required for a non-loopback host; then every request must carry it. */
  token?: string;
  /** Remote backends besides the local store. */
  remoteSources?: readonly TraceSource[];
  /** The built UI; defaults to the package's `dist/viewer-ui`. */
  uiDir?: string;
  /** Largest OTLP request body in bytes (16 MiB by default). */
  maxBodyBytes?: number;
  retention?: RetentionPolicy;
  /** How often retention runs (every minute by default; also once at start). */
  retentionIntervalMs?: number;
  writer?: Omit<StoreWriterOptions, 'onStored'>;
}

export interface StartedViewer {
  /** `http://host:port` — the UI's address and the OTLP endpoint. */
  url: string;
  port: number;
  writer: StoreWriter;
  /** Stops accepting requests, writes what is queued, and closes the live streams (not the store). */
  close(): Promise<void>;
}

const OTLP_PATHS: Record<string, OtlpSignal> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The message for a non-loopback bind without a token. */
export function tokenRequiredMessage(host: string): string {
  return (
    `genai-otel view: refusing to listen on ${host} without --token: anyone who can reach it could read ` +
    'every prompt and answer your apps send. Pass --token <secret> (clients then send ' +
    '"Authorization: Bearer <secret>"), or keep the default --host 127.0.0.1.'
  );
}

/**
 * Starts the viewer's HTTP server: OTLP/HTTP receiver (`/v1/*`), JSON API (`/api/*`) and the
 * built web UI (everything else), on one port.
 */
export async function startViewerServer(options: ViewerServerOptions): Promise<StartedViewer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token === '' ? undefined : options.token;
  if (!isLoopbackHost(host) && token === undefined) throw new Error(tokenRequiredMessage(host));
  const uiDir = options.uiDir ?? defaultUiDir();
  const live = new LiveStream();
  const writer = new StoreWriter(options.store, { ...options.writer, onStored: (ids) => live.publish(ids) });
  const sources = new Map<string, TraceSource>();
  sources.set('local', localSource(options.store, options.storeLabel ?? 'Local store'));
  for (const source of options.remoteSources ?? []) sources.set(source.info.id, source);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://viewer.invalid');
    const isUiFile = !/^\/(api|v1)(\/|$)/.test(url.pathname);
    const authorized =
      token === undefined
        ? hasLoopbackHostHeader(request)
        : hasToken(request, url, token) || (isUiFile && hasUiTokenCookie(request, token));
    if (!authorized) {
      request.resume();
      sendJson(response, token !== undefined ? 401 : 403, {
        error:
          token !== undefined
            ? 'this viewer needs its token: send "Authorization: Bearer <token>" or open the UI with ?token=<token>'
            : 'requests must be addressed to localhost or a loopback address',
      });
      return;
    }
    const signal = OTLP_PATHS[url.pathname];
    if (signal !== undefined) {
      if (request.method !== 'POST') {
        request.resume();
        response.setHeader('allow', 'POST');
        sendJson(response, 405, { error: `${url.pathname} accepts POST (OTLP/HTTP export requests)` });
        return;
      }
      await receiveOtlp(signal, request, response, { writer, maxBodyBytes });
      return;
    }
    request.resume();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendJson(response, 405, { error: `${request.method} is not allowed on ${url.pathname}` });
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      await handleApi({ sources, live }, url, response);
      return;
    }
    if (url.pathname.startsWith('/v1/')) {
      sendJson(response, 404, { error: `no OTLP endpoint ${url.pathname}` });
      return;
    }
    if (token !== undefined && url.searchParams.has('token'))
      response.setHeader('set-cookie', uiTokenCookie(token));
    serveUi(uiDir, request, response, url.pathname);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { error: String((error as Error)?.message ?? error) });
      else response.destroy();
    });
  });
  // Large exports from a busy app must not be cut by the default request timeout.
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4318, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let retentionTimer: NodeJS.Timeout | undefined;
  const retention = options.retention;
  if (retention !== undefined && (retention.maxAgeMs !== undefined || retention.maxBytes !== undefined)) {
    const runRetention = () => {
      try {
        applyRetention(options.store, retention);
      } catch (error) {
        process.emitWarning(`genai-otel view: retention failed: ${(error as Error).message}`);
      }
    };
    runRetention();
    retentionTimer = setInterval(runRetention, options.retentionIntervalMs ?? 60_000);
    retentionTimer.unref();
  }

  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    writer,
    close: async () => {
      if (retentionTimer !== undefined) clearInterval(retentionTimer);
      live.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests already read still get their answer; give them a moment, then cut the rest.
      const forced = setTimeout(() => server.closeAllConnections(), 2_000);
      forced.unref();
      await closed;
      clearTimeout(forced);
      writer.flush();
    },
  };
}
