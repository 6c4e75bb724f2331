import { syncBuiltinESMExports } from 'node:module';
// The default import is the real builtin exports object, which is what other modules see.
import workerThreads, { type Serializable } from 'node:worker_threads';
import { context, diag } from '@opentelemetry/api';
import { withRegisterForEvalWorker } from './eval-worker-preload';
import { injectTraceContext } from './trace-carrier';
import { WORKER_HAND_OVER_KEY, type WorkerHandOver } from './worker-hand-over';

const PATCHED = Symbol.for('genai-otel.worker-constructor-patched.v1');

type WorkerConstructor = typeof workerThreads.Worker & { [PATCHED]?: true };

/**
 * Makes every `new Worker()` of this thread carry the active context (and where to send spans)
 * into the worker. `worker_threads.Worker` is replaced by a Proxy of itself, so `instanceof`,
 * statics, subclasses and `new.target` behave as before; the ESM named export is re-synced so
 * `import { Worker } from 'node:worker_threads'` sees it too. Idempotent per thread.
 */
export function propagateContextToWorkers(spanChannel: string | undefined): void {
  try {
    const original = workerThreads.Worker as WorkerConstructor;
    if (original[PATCHED]) return;
    const patched = new Proxy(original, {
      construct(target, args, newTarget) {
        const restore = handOverActiveContext(spanChannel);
        try {
          return Reflect.construct(target, withRegisterForEvalWorker(args), newTarget) as object;
        } finally {
          restore();
        }
      },
      get(target, property, receiver) {
        if (property === PATCHED) return true;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    (workerThreads as { Worker: WorkerConstructor }).Worker = patched;
    syncBuiltinESMExports();
  } catch (error) {
    diag.error(
      'genai-otel: could not patch worker_threads.Worker; workers start without trace context',
      error,
    );
  }
}

/**
 * Environment data is copied into the worker inside the Worker constructor, so setting it just
 * before and restoring it just after gives this one worker this one context.
 */
function handOverActiveContext(spanChannel: string | undefined): () => void {
  let previous: unknown;
  try {
    previous = workerThreads.getEnvironmentData(WORKER_HAND_OVER_KEY);
    const handOver: WorkerHandOver = {
      carrier: injectTraceContext<Record<string, string>>({}, context.active()),
      ...(spanChannel ? { spanChannel } : {}),
    };
    workerThreads.setEnvironmentData(WORKER_HAND_OVER_KEY, handOver as unknown as Serializable);
  } catch (error) {
    diag.debug('genai-otel: could not hand the active context to a worker', error);
    return () => {};
  }
  return () => {
    try {
      workerThreads.setEnvironmentData(WORKER_HAND_OVER_KEY, previous as Serializable);
    } catch {
      // Restoring is best effort; the next construction overwrites the value anyway.
    }
  };
}
