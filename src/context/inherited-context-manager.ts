import { type Context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

const EXPLICIT_ROOT_KEY = Symbol.for('genai-otel.context.explicit-root');

/**
 * AsyncLocalStorage context with a process-wide (or thread-wide) starting point: code that runs
 * outside any `context.with()` — a worker's top level, its message handlers, a child process's
 * startup — sees `inherited` instead of the empty root context. That is how a worker's spans find
 * the span that was active where `new Worker()` ran, without the user writing any code.
 *
 * `context.with(ROOT_CONTEXT, fn)` still means "no parent": it is swapped for an equally empty
 * context that is not the sentinel, so only "nothing was ever set" falls back to `inherited`.
 */
export class InheritedContextManager extends AsyncLocalStorageContextManager {
  private readonly explicitRoot = ROOT_CONTEXT.setValue(EXPLICIT_ROOT_KEY, true);

  constructor(private readonly inherited: Context) {
    super();
  }

  override active(): Context {
    const current = super.active();
    return current === ROOT_CONTEXT ? this.inherited : current;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return super.with(context === ROOT_CONTEXT ? this.explicitRoot : context, fn, thisArg, ...args);
  }
}
