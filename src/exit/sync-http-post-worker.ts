import { workerData } from 'node:worker_threads';
import type { SyncPostRequest } from './sync-http-post';

// Runs on the worker thread started by postSynchronously(); reports back through the shared flag.
const POST_SENT = 1;
const POST_FAILED = 2;
const { url, headers, body, timeoutMillis, flag, reason } = workerData as SyncPostRequest & {
  flag: Int32Array;
  reason: Uint8Array;
};

function report(outcome: number, why = ''): void {
  if (why) new TextEncoder().encodeInto(why.slice(0, 200), reason);
  Atomics.store(flag, 0, outcome);
  Atomics.notify(flag, 0);
}

fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMillis) })
  .then(async (response) => {
    await response.arrayBuffer();
    report(response.ok ? POST_SENT : POST_FAILED, `HTTP ${response.status}`);
  })
  .catch(
    (error: {
      cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> };
      message?: string;
      name?: string;
    }) =>
      report(
        POST_FAILED,
        error?.cause?.code ??
          error?.cause?.errors?.[0]?.code ??
          error?.cause?.message ??
          (error?.name === 'TimeoutError' ? 'no answer within the timeout' : error?.message),
      ),
  );
