import { getEnvironmentData, isMainThread } from 'node:worker_threads';

/**
 * What a thread hands to each worker it starts, through `worker_threads` environment data (copied
 * into the worker when `new Worker()` runs, invisible to the app and to its `workerData`).
 */
export interface WorkerHandOver {
  /** W3C carrier of the context that was active where `new Worker()` ran. */
  carrier: Record<string, string>;
  /** The BroadcastChannel the main thread reads worker spans from; absent: export from the worker. */
  spanChannel?: string;
}

export const WORKER_HAND_OVER_KEY = 'genai-otel.worker-hand-over.v1';

/** In a worker started by an instrumented thread, what that thread handed over; otherwise undefined. */
export function readWorkerHandOver(): WorkerHandOver | undefined {
  if (isMainThread) return undefined;
  const value = getEnvironmentData(WORKER_HAND_OVER_KEY) as Partial<WorkerHandOver> | undefined;
  if (typeof value !== 'object' || value === null || typeof value.carrier !== 'object') return undefined;
  return {
    carrier: value.carrier ?? {},
    spanChannel: typeof value.spanChannel === 'string' ? value.spanChannel : undefined,
  };
}
