import { type Context, diag } from '@opentelemetry/api';
import { followAsyncIterable, followIterator, isIterator } from './iterator-follower';
import { followNodeReadable, isNodeReadable } from './node-stream-follower';
import type { SpanCompletion } from './span-completion';
import { followReadableStream, followResponse, isReadableStream, isResponse } from './web-stream-follower';

/**
 * Arranges for the span to end when the work behind `result` is done, and returns what the
 * caller should receive — the same kind of object as `result`:
 *
 * - a native Promise: a new native Promise settling the same way, its value followed in turn
 *   (an `async` function returning a stream or Response);
 * - a Promise subclass (an SDK's `APIPromise`): the same object, observed on the side; its
 *   value is not followed;
 * - an iterator / generator / async iterable or a Node.js readable: the same object, followed;
 * - a `ReadableStream` or `Response`: an equivalent new object whose body is followed;
 * - anything else (including non-Promise thenables, which may be lazy query builders that a
 *   `then` call would execute): ends the span now.
 *
 * Never throws: if following fails, the span ends and `result` is returned unchanged.
 */
export function followResult<T>(result: T, completion: SpanCompletion, spanContext: Context): T {
  try {
    if (typeof result !== 'object' || result === null) {
      completion.succeed(result);
      return result;
    }
    if (result instanceof Promise) {
      if (Object.getPrototypeOf(result) === Promise.prototype) {
        return result.then(
          (value: unknown) => followResult(value, completion, spanContext),
          (error: unknown) => {
            completion.fail(error);
            throw error;
          },
        ) as T;
      }
      result.then(
        (value: unknown) => completion.succeed(value),
        (error: unknown) => completion.fail(error),
      );
      return result;
    }
    return followSettledValue(result, completion, spanContext);
  } catch (error) {
    diag.debug('genai-otel: could not follow a traced result; ending its span now', error);
    completion.succeed();
    return result;
  }
}

function followSettledValue<T extends object>(value: T, completion: SpanCompletion, spanContext: Context): T {
  if (isResponse(value)) return followResponse(value, completion, spanContext) as T;
  if (isReadableStream(value)) return followReadableStream(value, completion, spanContext) as T;
  if (isNodeReadable(value)) return followNodeReadable(value, completion, spanContext);
  if (isIterator(value)) return followIterator(value, completion, spanContext);
  if (typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') {
    return followAsyncIterable(value as T & AsyncIterable<unknown>, completion, spanContext);
  }
  completion.succeed(value);
  return value;
}
