import { type AnyFunction, type FollowedCall, type SdkCallHost, traceModelCall } from './model-call';
import type { OperationSpec } from './operation-spec';
import type { ApiPromiseLike, ApiResourceLike, SdkStreamLike } from './sdk-shapes';
import { armUnconsumedTimeout } from './unconsumed-timeout';

/**
 * Runs one call of a Stainless-style SDK (`openai`, `@anthropic-ai/sdk`) under a GenAI span and
 * returns the SDK's own APIPromise derived with `_thenUnwrap` (same class, so `.withResponse()`,
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
  const parse = new ParseWatch(call);
  rawResponseOf(apiPromise).then(
    () => parse.responseArrived(),
    (error: unknown) => recording.endWithError(error),
  );
  const followed = apiPromise._thenUnwrap((data) => parse.parsed(data));
  endOnParseFailure(followed, parse);
  return followed;
}

/**
 * The SDK's own parsing can throw before our transform sees the data (the Responses API's
 * `addOutputText` on an answer whose `output` is not a list): the call then failed for the user,
 * so the span ends with that error instead of waiting for the unconsumed timeout. Wraps the
 * derived promise's parse function, which runs only when someone reads the data, so a response
 * read through `asResponse()` alone is still never parsed.
 */
function endOnParseFailure(followed: ApiPromiseLike, parse: ParseWatch): void {
  const parseResponse = followed.parseResponse;
  if (typeof parseResponse !== 'function') return;
  followed.parseResponse = function parseOrEndSpan(this: unknown, ...args: unknown[]) {
    return Promise.resolve(parseResponse.apply(this, args)).catch((error: unknown) => {
      parse.failed(error);
      throw error;
    });
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

  constructor(private readonly call: FollowedCall) {}

  /** The raw response arrived; if nobody has parsed it yet, the unconsumed timeout starts. */
  responseArrived(): void {
    const { recording, host } = this.call;
    if (!this.wasParsed && !recording.isEnded)
      this.disarm = armUnconsumedTimeout(recording, host.unconsumedTimeoutMs());
  }

  /** The SDK parsed the response for the user (the `_thenUnwrap` transform); returns it unchanged. */
  parsed<T>(data: T): T {
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
