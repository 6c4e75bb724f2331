import { context } from '@opentelemetry/api';
import { extractTraceContext, injectTraceContext } from './trace-carrier';

const TASK_MARK = '__genaiOtelTask';

/** A task payload with the sender's trace context, as {@link withTaskContext} builds it. Structured-clonable. */
export interface TaskWithContext<T> {
  [TASK_MARK]: 1;
  traceContext: Record<string, string>;
  payload: T;
}

/**
 * Wraps a task for a long-lived worker or a worker pool so that the worker's spans for it are
 * parented to the span active here. Pair with {@link handleTaskWithContext} on the worker side.
 *
 * @example
 * // main thread
 * const pool = new Piscina({ filename: new URL('./summarise.mjs', import.meta.url).href });
 * await withAgent({ name: 'researcher' }, () => pool.run(withTaskContext({ url })));
 * // summarise.mjs
 * export default handleTaskWithContext(async ({ url }) => summarise(url));
 */
export function withTaskContext<T>(payload: T): TaskWithContext<T> {
  return { [TASK_MARK]: 1, traceContext: injectTraceContext<Record<string, string>>({}), payload };
}

/**
 * Wraps a worker's task handler: a task built by {@link withTaskContext} is unwrapped and handled
 * inside the sender's context; any other message is handled as is, in a context of its own. Either
 * way a task never inherits the context of whichever task or `new Worker()` came before it — a
 * pooled worker serves many requests.
 *
 * @example
 * parentPort.on('message', handleTaskWithContext((job) => run(job)));
 */
export function handleTaskWithContext<T, R>(handler: (payload: T) => R): (task: TaskWithContext<T> | T) => R {
  return function taskWithContext(this: unknown, task: TaskWithContext<T> | T): R {
    if (isTaskWithContext<T>(task)) {
      return context.with(extractTraceContext(task.traceContext), () => handler.call(this, task.payload));
    }
    return context.with(extractTraceContext(undefined), () => handler.call(this, task));
  };
}

function isTaskWithContext<T>(value: unknown): value is TaskWithContext<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Partial<TaskWithContext<T>>)[TASK_MARK] === 1 &&
    typeof (value as Partial<TaskWithContext<T>>).traceContext === 'object'
  );
}
