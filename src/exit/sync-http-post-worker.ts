/** Values the worker stores in the shared flag. */
export const POST_PENDING = 0;
export const POST_SENT = 1;
export const POST_FAILED = 2;

/**
 * The code of the worker thread started by postSynchronously(), as source text for
 * `new Worker(source, { eval: true })`. Kept as a string rather than a file loaded by path so that
 * it survives bundling: esbuild, webpack or Rollup copy no worker file next to the bundle, and a
 * function's `toString()` would be rewritten by them (their `require` shims do not exist inside an
 * eval worker). It reports back through the shared flag, and why a post failed through `reason`
 * (UTF-8, zero-padded).
 */
export const SYNC_HTTP_POST_WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const { url, headers, body, timeoutMillis, flag, reason } = workerData;
function report(outcome, why) {
  if (why) new TextEncoder().encodeInto(String(why).slice(0, 200), reason);
  Atomics.store(flag, 0, outcome);
  Atomics.notify(flag, 0);
}
fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMillis) })
  .then(async (response) => {
    await response.arrayBuffer();
    report(response.ok ? ${POST_SENT} : ${POST_FAILED}, 'HTTP ' + response.status);
  })
  .catch((error) => {
    const cause = error && error.cause;
    report(
      ${POST_FAILED},
      (cause && (cause.code || (cause.errors && cause.errors[0] && cause.errors[0].code) || cause.message)) ||
        (error && error.name === 'TimeoutError' ? 'no answer within the timeout' : error && error.message),
    );
  });
`;
