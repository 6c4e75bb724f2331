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

export type SyncPostOutcome = 'sent' | 'failed' | 'timed-out';

/**
 * Sends an HTTP POST and blocks until it is answered or times out. Only for the `exit` event,
 * where Node runs no more event-loop turns: the request runs on a short-lived worker thread, which
 * keeps its own loop, while this thread waits on a shared flag.
 */
export function postSynchronously(request: SyncPostRequest): SyncPostOutcome {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  // Started from source text, not a file next to this one, so that bundled apps work too.
  const worker = new Worker(SYNC_HTTP_POST_WORKER_SOURCE, {
    eval: true,
    workerData: { ...request, flag },
    // The worker must not inherit our preloads: it would register genai-otel again.
    execArgv: [],
    env: {},
    stdout: true,
    stderr: true,
  });
  worker.unref();
  // A worker that fails to start must not become an uncaught 'error' event in the app.
  worker.on('error', (error) => diag.debug('genai-otel: exit-flush worker failed', error));
  // Worker start-up is included in the wait, so allow it a little on top of the request timeout.
  const waited = Atomics.wait(flag, 0, POST_PENDING, request.timeoutMillis + 1000);
  void worker.terminate();
  if (waited === 'timed-out') return 'timed-out';
  return Atomics.load(flag, 0) === POST_SENT ? 'sent' : 'failed';
}
