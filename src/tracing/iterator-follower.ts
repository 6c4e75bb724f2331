import { type Context, context, diag } from '@opentelemetry/api';
import type { SpanCompletion } from './span-completion';

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;
type Step = IteratorResult<unknown>;

/** An iterator we can follow: `next()` plus `[Symbol.iterator]` or `[Symbol.asyncIterator]` (generators, iterator helpers). */
export function isIterator(value: object): value is AnyIterator {
  const candidate = value as Record<PropertyKey, unknown>;
  return (
    typeof candidate.next === 'function' &&
    (typeof candidate[Symbol.iterator] === 'function' ||
      typeof candidate[Symbol.asyncIterator] === 'function')
  );
}

/**
 * Follows an iterator until it is exhausted, returned from (`break`), or throws, then ends the
 * span. The caller keeps the very same object: `next`, `return` and `throw` are replaced by own
 * properties that call the originals — inside the span's context, so a generator body that
 * starts spans while it runs parents them to this span whoever iterates it.
 */
export function followIterator<T extends AnyIterator>(
  iterator: T,
  completion: SpanCompletion,
  spanContext: Context,
  isAsync = typeof (iterator as unknown as Record<PropertyKey, unknown>)[Symbol.asyncIterator] === 'function',
): T {
  const originalNext = iterator.next;
  const originalReturn = iterator.return;
  const originalThrow = iterator.throw;
  completion.beginStream();

  const settle = (step: Step, stoppedByConsumer: boolean): Step => {
    if (step.done) {
      if (stoppedByConsumer) completion.cancel();
      else completion.succeed(step.value);
    } else if (!stoppedByConsumer) {
      completion.addItem(step.value);
    }
    return step;
  };
  const call = (
    method: (...args: unknown[]) => unknown,
    args: unknown[],
    stoppedByConsumer: boolean,
  ): unknown => {
    if (completion.isFinished) return method.apply(iterator, args);
    let result: unknown;
    try {
      result = context.with(spanContext, () => method.apply(iterator, args));
    } catch (error) {
      completion.fail(error);
      throw error;
    }
    if (!isAsync) return settle(result as Step, stoppedByConsumer);
    return Promise.resolve(result).then(
      (step) => settle(step as Step, stoppedByConsumer),
      (error: unknown) => {
        completion.fail(error);
        throw error;
      },
    );
  };

  const replacements: Record<string, (...args: unknown[]) => unknown> = {
    next: (...args) => call(originalNext as (...args: unknown[]) => unknown, args, false),
    return: (...args) => {
      if (typeof originalReturn !== 'function') {
        // The protocol makes `return` optional; stopping such an iterator is still a cancel.
        completion.cancel();
        const step: Step = { done: true, value: args[0] };
        return isAsync ? Promise.resolve(step) : step;
      }
      // A generator may yield again from a `finally`; it is only over once `done` is true.
      return call(originalReturn as (...args: unknown[]) => unknown, args, true);
    },
  };
  if (typeof originalThrow === 'function') {
    // The consumer injects an error; the generator may catch it and go on, finish or rethrow.
    replacements.throw = (...args) => call(originalThrow as (...args: unknown[]) => unknown, args, false);
  }

  try {
    for (const [name, fn] of Object.entries(replacements)) {
      Object.defineProperty(iterator, name, {
        value: fn,
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
    completion.watch(iterator);
    return iterator;
  } catch (error) {
    // Frozen or exotic iterator: hand back a stand-in with the same prototype instead.
    diag.debug('genai-otel: iterator not patchable in place; returning a wrapper', error);
    const standIn = Object.create(Object.getPrototypeOf(iterator) as object) as Record<PropertyKey, unknown>;
    Object.assign(standIn, replacements);
    standIn[isAsync ? Symbol.asyncIterator : Symbol.iterator] = function self(this: unknown) {
      return this;
    };
    completion.watch(standIn);
    return standIn as unknown as T;
  }
}

/**
 * Follows an async iterable that is not itself an iterator (an SDK stream class): the first
 * iterator taken from it is followed. The caller keeps the same object.
 */
export function followAsyncIterable<T extends AsyncIterable<unknown>>(
  iterable: T,
  completion: SpanCompletion,
  spanContext: Context,
): T {
  const originalFactory = iterable[Symbol.asyncIterator];
  let followed = false;
  completion.beginStream();
  Object.defineProperty(iterable, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function asyncIterator(this: unknown) {
      const iterator = originalFactory.call(iterable);
      if (followed) return iterator;
      followed = true;
      return followIterator(iterator, completion, spanContext, true);
    },
  });
  completion.watch(iterable);
  return iterable;
}
