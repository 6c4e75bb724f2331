import type { Context } from '@opentelemetry/api';
import { extractTraceContextFromEnv } from './env-carrier';
import { extractTraceContext } from './trace-carrier';
import { readWorkerHandOver } from './worker-hand-over';

/**
 * The context this thread starts in: in a worker, the one active where `new Worker()` ran; in a
 * process started with `TRACEPARENT` in its environment, that one; otherwise the root context.
 */
export function findInheritedContext(): Context {
  const handOver = readWorkerHandOver();
  if (handOver) return extractTraceContext(handOver.carrier);
  return extractTraceContextFromEnv();
}
