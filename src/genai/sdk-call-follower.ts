import { type AnyFunction, type FollowedCall, type SdkCallHost, traceModelCall } from './model-call';
import type { OperationSpec } from './operation-spec';
import type { ApiPromiseLike, ApiResourceLike, SdkStreamLike } from './sdk-shapes';
import { armUnconsumedTimeout } from './unconsumed-timeout';

/**
 * Runs one call of a Stainless-style SDK (`openai`, `@anthropic-ai/sdk`) under a GenAI span and
 * returns the SDK's own APIPromise, the very object the SDK returned (so `.withResponse()`,
 * `.asResponse()` and the SDK's own helpers keep working), or what the SDK returned.
 */
export function followSdkCall(
  host: SdkCallHost,
  spec: OperationSpec,
  method: string,
  original: AnyFunction,
  resource: ApiResourceLike,
  sdkArgs: unknown[],
): unknown {
  return traceModelCall(host, spec, method, original, resource, sdkArgs, followApiPromise);
}

function followApiPromise(call: FollowedCall, returned: unknown): unknown {
  const apiPromise = returned as ApiPromiseLike;
  const recording = call.recording;

  if (typeof apiPromise?._thenUnwrap !== 'function' || typeof apiPromise.asResponse !== 'function') {
    // Not an APIPromise (an SDK we do not know): observe on a side chain, return it untouched.
    if (typeof apiPromise?.then === 'function') {
      apiPromise.then(
        (data) => observe(call, data),
        (error: unknown) => recording.endWithError(error),
      );
    } else {
      recording.end();
    }
    return returned;
  }

  // Side chain on the raw response: failures (API errors after retries, connection errors,
  // timeouts, aborts) end the span; a response nobody parses is ended by the unconsumed timeout.
  // Neither asResponse() nor the promise behind it parses or consumes the body, so `.asResponse()`
  // users are unaffected.
  const parse = new ParseWatch(call, apiPromise);
  rawResponseOf(apiPromise).then(parse.onResponse, parse.onRequestFailure);
  if (typeof apiPromise.parseResponse === 'function') {
    observeParse(apiPromise, parse);
    return apiPromise;
  }
  // An APIPromise without a readable parse function (no version we know): derive one.
  return apiPromise._thenUnwrap((data) => parse.parsed(data));
}

/**
 * Observes the parse of the APIPromise the SDK returned, in place, so that the caller gets the
 * SDK's own object (cheaper too than deriving a second APIPromise per call with `_thenUnwrap`: a
 * Promise subclass, a private field, an async transform):
 *
 * - its `parseResponse` (which `then` and `withResponse()` call, and only when someone reads the
 *   data, so a response read through `asResponse()` alone is still never parsed) hands the parsed
 *   data to the recording and returns it unchanged. A failed parse (the Responses API's
 *   `addOutputText` on an answer whose `output` is not a list) failed the call for the user, so
 *   the span ends with that error instead of waiting for the unconsumed timeout;
 * - its `_thenUnwrap` (the SDK's helpers, `.parse()`, `.stream()`, derive from it) observes the data
 *   before the helper's transform: openai 7.57+ derives from the parse function it closed over, not
 *   from `parseResponse`. Where both run, the data is observed once.
 */
function observeParse(apiPromise: ApiPromiseLike, parse: ParseWatch): void {
  const parseResponse = apiPromise.parseResponse as (...args: unknown[]) => unknown;
  apiPromise.parseResponse = function parseAndObserve(this: unknown, ...args: unknown[]) {
    let parsed: unknown;
    try {
      parsed = parseResponse.apply(this, args);
    } catch (error) {
      parse.failed(error);
      throw error;
    }
    if (typeof (parsed as PromiseLike<unknown> | undefined)?.then !== 'function') return parse.parsed(parsed);
    return (parsed as PromiseLike<unknown>).then(
      (data) => parse.parsed(data),
      (error: unknown) => {
        parse.failed(error);
        throw error;
      },
    );
  };
  const thenUnwrap = apiPromise._thenUnwrap as NonNullable<ApiPromiseLike['_thenUnwrap']>;
  apiPromise._thenUnwrap = function thenUnwrapObserved<U>(
    this: unknown,
    transform: (data: unknown, props: unknown) => U,
  ) {
    return thenUnwrap.call(this, (data: unknown, props: unknown) =>
      transform(parse.parsed(data), props),
    ) as ApiPromiseLike<U>;
  };
}

/**
 * What `asResponse()` settles with: the SDK's `responsePromise` itself when it has one (asResponse()
 * is `responsePromise.then(p => p.response)`: the same outcome, one promise fewer per call).
 */
function rawResponseOf(apiPromise: ApiPromiseLike): PromiseLike<unknown> {
  const responsePromise = apiPromise.responsePromise;
  if (typeof (responsePromise as PromiseLike<unknown> | undefined)?.then === 'function')
    return responsePromise as PromiseLike<unknown>;
  return (apiPromise.asResponse as () => Promise<unknown>)();
}

/** Whether the SDK parsed the response for the user; if not in time, the span ends unconsumed. */
class ParseWatch {
  private wasParsed = false;
  private disarm: () => void = noop;

  constructor(
    private readonly call: FollowedCall,
    private readonly apiPromise: ApiPromiseLike,
  ) {}

  /**
   * The raw response arrived; if nobody has asked for the data yet, the unconsumed timeout starts.
   * When someone has (the app awaited the APIPromise: its `parsedPromise` is set), the parse is
   * already queued behind this reaction and ends the span itself (or, for a stream, arms the
   * timeout until the stream is read), so no timeout is armed and disarmed per call.
   */
  readonly onResponse = (): void => {
    const { recording, host } = this.call;
    if (this.wasParsed || recording.isEnded || this.apiPromise.parsedPromise !== undefined) return;
    this.disarm = armUnconsumedTimeout(recording, host.unconsumedTimeoutMs());
  };

  /** The request failed (API error after retries, connection error, timeout, abort). */
  readonly onRequestFailure = (error: unknown): void => {
    this.call.recording.endWithError(error);
  };

  /** The SDK parsed the response for the user; returns it unchanged. Observed once. */
  parsed<T>(data: T): T {
    if (this.wasParsed) return data;
    this.wasParsed = true;
    this.disarm();
    observe(this.call, data);
    return data;
  }

  /** Parsing the response threw (the SDK's parse or transform): the call failed for the user. */
  failed(error: unknown): void {
    this.wasParsed = true;
    this.disarm();
    this.call.recording.endWithError(error);
  }
}

function observe(call: FollowedCall, data: unknown): void {
  if (call.streaming && isSdkStream(data)) followStream(call, data);
  else call.recordResponse(data);
}

/**
 * Replaces the stream's own `iterator` function (which `[Symbol.asyncIterator]`, `tee()` and
 * `toReadableStream()` all go through) with one that follows the first iteration. The Stream
 * object, its class and its controller stay the SDK's.
 */
function followStream(call: FollowedCall, stream: SdkStreamLike): void {
  const disarm = armUnconsumedTimeout(call.recording, call.host.unconsumedTimeoutMs());
  const originalIterator = stream.iterator;
  let followed = false;
  stream.iterator = function followedIterator(this: unknown, ...args: unknown[]) {
    const source = (originalIterator as AnyFunction).apply(this, args) as AsyncIterator<unknown>;
    if (followed) return source;
    followed = true;
    return call.followStream(source, {
      wasAborted: () => stream.controller?.signal?.aborted === true,
      onFirstPull: disarm,
    });
  };
}

function isSdkStream(value: unknown): value is SdkStreamLike {
  return typeof (value as SdkStreamLike | undefined)?.iterator === 'function';
}

function noop(): void {}
