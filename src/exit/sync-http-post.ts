import { Worker } from 'node:worker_threads';
import { diag } from '@opentelemetry/api';
import { POST_PENDING, POST_SENT, SYNC_HTTP_POST_WORKER_SOURCE } from './sync-http-post-worker';

/** One OTLP/HTTP request, fully serialized, as the exit path sends it. */
export interface SyncPostRequest {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  timeoutMillis: number;
}

/** Whether the request was answered with a 2xx, and if not, why (one line). */
export type SyncPostOutcome = { sent: true } | { sent: false; reason: string };

/**
 * Sends an HTTP POST and blocks until it is answered or times out. Only for the `exit` event,
 * where Node runs no more event-loop turns: the request runs on a short-lived worker thread, which
 * keeps its own loop, while this thread waits on a shared flag.
 */
export function postSynchronously(request: SyncPostRequest): SyncPostOutcome {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  // The worker writes why a post failed here (UTF-8, zero-padded).
  const reason = new Uint8Array(new SharedArrayBuffer(256));
  // Started from source text, not a file next to this one, so that bundled apps work too.
  const worker = new Worker(SYNC_HTTP_POST_WORKER_SOURCE, {
    eval: true,
    workerData: { ...request, flag, reason },
    // The worker must not inherit our preloads: it would register genai-otel again.
    execArgv: [],
    env: {},
    stdout: true,
    stderr: true,
  });
  worker.unref();
  // A worker that fails to start must not become an uncaught 'error' event in the app.
  worker.on('error', (error) => diag.debug('genai-otel: exit-flush worker failed', error));
  // Worker start-up counts against the same budget: the exit timeout is a bound, not a hint.
  const waited = Atomics.wait(flag, 0, POST_PENDING, request.timeoutMillis);
  void worker.terminate();
  if (waited === 'timed-out') {
    return {
      sent: false,
      reason: `no answer within ${request.timeoutMillis} ms (GENAI_OTEL_EXIT_FLUSH_TIMEOUT)`,
    };
  }
  if (Atomics.load(flag, 0) === POST_SENT) return { sent: true };
  const text = new TextDecoder().decode(reason.slice()).replace(/\0+$/, '');
  return { sent: false, reason: text || 'the request failed' };
}
