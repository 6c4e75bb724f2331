import type { SpanOptions } from './span-options';
import { runInSpan } from './start-span';

/** Options of {@link traced}. */
export interface TracedOptions<Args extends unknown[] = unknown[]> extends SpanOptions {
  /** Span name; default the function's name (`Class.method` for decorated methods). */
  name?: string;
  /**
   * What to record as the input when content capture is on; default the single argument, or the
   * argument list. Called only when the input is captured.
   */
  mapInput?: (...args: Args) => unknown;
}

type AnyFunction = (...args: never[]) => unknown;
type Method<This, Args extends unknown[], Return> = (this: This, ...args: Args) => Return;

/**
 * Wraps `fn` so that every call runs in a span ({@link startSpan} semantics: sync, async,
 * generator and async-generator functions, returned streams followed to their end). `this`,
 * arguments, return value and thrown errors pass through unchanged; the wrapper has the same
 * type, `name` and `length`. Also a TypeScript 5 method decorator: `@traced` or `@traced({ … })`.
 *
 * @example
 * const search = traced(async (query: string) => index.search(query), { kind: 'retrieval', name: 'search' });
 *
 * class Planner {
 *   @traced({ kind: 'task' })
 *   async plan(goal: string) { … }
 * }
 */
export function traced<This, Args extends unknown[], Return>(
  method: Method<This, Args, Return>,
  context: ClassMethodDecoratorContext<This, Method<This, Args, Return>>,
): Method<This, Args, Return>;
export function traced<F extends AnyFunction>(fn: F, options?: TracedOptions<Parameters<F>>): F;
export function traced(
  options?: TracedOptions,
): <This, Args extends unknown[], Return>(
  method: Method<This, Args, Return>,
  context: ClassMethodDecoratorContext<This, Method<This, Args, Return>>,
) => Method<This, Args, Return>;
export function traced(first?: unknown, second?: unknown): unknown {
  if (typeof first === 'function') {
    if (isMethodDecoratorContext(second)) return wrapMethod(first as AnyFunction, {}, second);
    return wrapFunction(
      first as AnyFunction,
      (second ?? {}) as TracedOptions,
      () => (first as AnyFunction).name,
    );
  }
  const options = (first ?? {}) as TracedOptions;
  return (method: AnyFunction, context: ClassMethodDecoratorContext) => wrapMethod(method, options, context);
}

function wrapMethod(
  method: AnyFunction,
  options: TracedOptions,
  context: ClassMethodDecoratorContext,
): AnyFunction {
  const methodName = String(context.name);
  // The class name is only known from the receiver, at call time.
  return wrapFunction(method, options, (receiver) => {
    const owner = context.static
      ? (receiver as { name?: unknown } | undefined)?.name
      : receiverClassName(receiver);
    return typeof owner === 'string' && owner ? `${owner}.${methodName}` : methodName;
  });
}

function wrapFunction<F extends AnyFunction>(
  fn: F,
  options: TracedOptions,
  defaultName: (receiver: unknown) => string,
): F {
  const { name, mapInput, ...spanOptions } = options;
  const wrapped = function tracedFunction(this: unknown, ...args: unknown[]): unknown {
    const readInput =
      mapInput !== undefined
        ? () => mapInput(...args)
        : args.length === 0
          ? undefined
          : () => (args.length === 1 ? args[0] : args);
    const spanName = name ?? (defaultName(this) || 'anonymous');
    // Called with `new` (a wrapped class or constructor function): construct, keeping new.target.
    type Constructor = new (...args: unknown[]) => unknown;
    const target = new.target as unknown as Constructor | undefined;
    const original = fn as unknown as Constructor;
    // `new wrapped()` must build an instance of the original class, not of the wrapper.
    const invoke = target
      ? () => Reflect.construct(original, args, target === (wrapped as unknown) ? original : target)
      : () => Reflect.apply(fn, this, args);
    return runInSpan(spanName, spanOptions, readInput, invoke);
  };
  copyFunctionShape(wrapped, fn);
  return wrapped as unknown as F;
}

function copyFunctionShape(wrapped: AnyFunction, original: AnyFunction): void {
  for (const key of ['name', 'length'] as const) {
    try {
      Object.defineProperty(wrapped, key, { value: original[key], configurable: true });
    } catch {
      // Cosmetic only.
    }
  }
}

function receiverClassName(receiver: unknown): string | undefined {
  if (typeof receiver !== 'object' || receiver === null) return undefined;
  const name = (receiver as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' ? name : undefined;
}

function isMethodDecoratorContext(value: unknown): value is ClassMethodDecoratorContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'method' &&
    typeof (value as { addInitializer?: unknown }).addInitializer === 'function'
  );
}
