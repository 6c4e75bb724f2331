import { isMainThread } from 'node:worker_threads';
import { type Environment, EnvReader } from '../config/env-reader';

/** Env switch for everything genai-otel does to `worker_threads`; `false` leaves workers untouched. */
export const WORKER_THREADS_ENV = 'GENAI_OTEL_WORKER_THREADS';

export function readWorkerThreadsSwitch(env: Environment = process.env): boolean {
  return new EnvReader(env).boolean(WORKER_THREADS_ENV, true);
}

/**
 * True when the register entry runs inside a worker (workers inherit `--require`/`--import`) and
 * the app opted out: the entry then does nothing, so the worker runs exactly as without us.
 */
export function isOptedOutWorker(env: Environment = process.env): boolean {
  return !isMainThread && !readWorkerThreadsSwitch(env);
}
