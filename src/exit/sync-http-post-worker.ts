import { workerData } from 'node:worker_threads';
import type { SyncPostRequest } from './sync-http-post';

// Runs on the worker thread started by postSynchronously(); reports back through the shared flag.
const POST_SENT = 1;
const POST_FAILED = 2;
const { url, headers, body, timeoutMillis, flag } = workerData as SyncPostRequest & { flag: Int32Array };

function report(outcome: number): void {
  Atomics.store(flag, 0, outcome);
  Atomics.notify(flag, 0);
}

fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMillis) })
  .then(async (response) => {
    await response.arrayBuffer();
    report(response.ok ? POST_SENT : POST_FAILED);
  })
  .catch(() => report(POST_FAILED));
