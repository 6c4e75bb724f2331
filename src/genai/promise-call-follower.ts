import { type AnyFunction, type FollowedCall, type SdkCallHost, traceModelCall } from './model-call';
import type { OperationSpec } from './operation-spec';
import type { PayloadRecord } from './payload-readers';
import type { SdkCallFollower } from './sdk-instrumentation';
import { armUnconsumedTimeout } from './unconsumed-timeout';

/** Options of {@link followPromiseCall}. */
export interface PromiseCallOptions {
  /** Whether the caller aborted the call with these request parameters (e.g. their `abortSignal`). */
  wasAborted?: (params: PayloadRecord) => boolean;
}

/**
 * Runs one call of an SDK whose methods return plain promises (`@google/genai`, the AWS SDK's
 * `send`) under a GenAI span. The caller gets a promise that settles like the SDK's: with the same
 * response object, or, for streaming operations, with the SDK's own async iterable, whose
 * iteration is followed in place (see {@link followIterableInPlace}).
 */
export function followPromiseCall(
  host: SdkCallHost,
  spec: OperationSpec,
  method: string,
  original: AnyFunction,
  resource: unknown,
  sdkArgs: unknown[],
  options: PromiseCallOptions = {},
): unknown {
  return traceModelCall(host, spec, method, original, resource, sdkArgs, (call, returned) =>
    followPlainPromise(call, returned, options),
  );
}

/**
 * The follower for `SdkDescription.followCall` of an SDK returning plain promises.
 *
 * @example
 * const SDK: SdkDescription<GoogleGenAIModule> = { …, followCall: promiseCallFollower() };
 */
export function promiseCallFollower(options: PromiseCallOptions = {}): SdkCallFollower {
  return (host, spec, method, original, resource, args) =>
    followPromiseCall(host, spec, method, original, resource, args, options);
}

function followPlainPromise(call: FollowedCall, returned: unknown, options: PromiseCallOptions): unknown {
  const recording = call.recording;
  if (typeof (returned as PromiseLike<unknown> | undefined)?.then !== 'function') {
    // Not a promise (an SDK version we do not know): nothing to follow.
    call.recordResponse(returned);
    return returned;
  }
  // A derived promise, not a side chain: a streamed result must be followed before the caller gets
  // it. It settles with the very value or error the SDK's promise settled with.
  return (returned as PromiseLike<unknown>).then(
    (data) => {
      const stream = call.streaming ? streamIn(call, data) : undefined;
      if (stream !== undefined) {
        try {
          followIterableInPlace(call, stream, options);
        } catch (error) {
          call.host.diag.error(
            `genai-otel: could not follow the ${call.host.sdkName} ${call.method} stream`,
            error,
          );
          recording.end();
        }
      } else {
        call.recordResponse(data);
      }
      return data;
    },
    (error: unknown) => {
      recording.endWithError(error);
      throw error;
    },
  );
}

/** The stream a streaming call resolved with (see `OperationSpec.streamOf`), if it is one. */
function streamIn(call: FollowedCall, data: unknown): AsyncIterable<unknown> | undefined {
  const stream = call.spec.streamOf === undefined ? data : call.spec.streamOf(data);
  return isAsyncIterable(stream) ? stream : undefined;
}

/**
 * Follows the first iteration of `iterable` without replacing the object the caller gets, so its
 * class and own methods stay the SDK's. An async generator (whose `[Symbol.asyncIterator]()` is
 * itself) gets its own `next`/`return`/`throw` replaced, so `for await` and hand-called `next()`
 * are both seen; any other async iterable gets its `[Symbol.asyncIterator]` replaced. A stream nobody
 * starts reading is ended by the unconsumed timeout.
 */
function followIterableInPlace(
  call: FollowedCall,
  iterable: AsyncIterable<unknown>,
  options: PromiseCallOptions,
): void {
  const disarm = armUnconsumedTimeout(call.recording, call.host.unconsumedTimeoutMs());
  const wasAborted = options.wasAborted;
  const follow = (source: AsyncIterator<unknown>) =>
    call.followStream(source, {
      wasAborted: wasAborted === undefined ? undefined : () => wasAborted(call.params),
      onFirstPull: disarm,
    });
  const target = iterable as unknown as Record<string | symbol, AnyFunction | undefined>;
  if (isSelfIterating(iterable)) {
    const source = iteratorMethodsOf(iterable as unknown as AsyncIterator<unknown>);
    const followed = follow(source);
    target.next = (...args: unknown[]) => followed.next(...(args as []));
    target.return = (value?: unknown) =>
      followed.return ? followed.return(value) : Promise.resolve({ done: true, value });
    target.throw = (error?: unknown) => (followed.throw ? followed.throw(error) : Promise.reject(error));
    return;
  }
  const originalIterator = iterable[Symbol.asyncIterator];
  let followed = false;
  target[Symbol.asyncIterator] = function followedIterator(this: unknown) {
    const source = originalIterator.call(this);
    if (followed) return source;
    followed = true;
    return follow(source);
  };
}

/** The generator's own methods, bound, before they are replaced. */
function iteratorMethodsOf(generator: AsyncIterator<unknown>): AsyncIterator<unknown> {
  return {
    next: generator.next.bind(generator),
    return: generator.return?.bind(generator),
    throw: generator.throw?.bind(generator),
  };
}

function isSelfIterating(iterable: AsyncIterable<unknown>): boolean {
  const candidate = iterable as unknown as Partial<AsyncIterator<unknown>>;
  if (typeof candidate.next !== 'function') return false;
  try {
    return iterable[Symbol.asyncIterator]() === (iterable as unknown);
  } catch {
    return false;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
  );
}
