import { context, type DiagLogger, type Span, trace } from '@opentelemetry/api';
import { safeExecuteInTheMiddle } from '@opentelemetry/instrumentation';
import {
  hasAfterResponseHooks,
  hasBeforeRequestHooks,
  runAfterResponseHooks,
  runBeforeRequestHooks,
} from '../hooks/request-hooks';
import type { Endpoint } from './endpoint';
import { type GenAITelemetry, InferenceRecording } from './inference-recording';
import { claimedInferenceContext } from './inference-scope';
import type { OperationSpec } from './operation-spec';
import { asRecord, type PayloadRecord } from './payload-readers';
import type { GenAISdkInstrumentationConfig } from './sdk-instrumentation-config';
import type { ApiPromiseLike, ApiResourceLike, SdkStreamLike } from './sdk-shapes';
import { followAsyncIterator } from './stream-follower';
import { armUnconsumedTimeout } from './unconsumed-timeout';

/** What a patched SDK method needs from its instrumentation, read at call time. */
export interface SdkCallHost {
  /** The SDK's short name in diagnostics and hook info: `openai`, `anthropic`. */
  readonly sdkName: string;
  readonly diag: DiagLogger;
  isEnabled(): boolean;
  telemetry(): GenAITelemetry;
  config(): GenAISdkInstrumentationConfig;
  unconsumedTimeoutMs(): number;
  /** Where the resource's client sends its calls (provider name, server address and port). */
  endpointOf(client: unknown): Endpoint;
  /** The text a stream chunk adds, for opt-in `llm.token` events. */
  chunkText(chunk: unknown): string | undefined;
  /**
   * The call's arguments, given the span that stands for the call (ours, or a framework's
   * inference span). For SDKs that trace themselves: tells the SDK not to start a second span.
   */
  argumentsUnderSpan?(args: unknown[], callSpan: Span, client: unknown): unknown[];
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Runs one SDK call under a GenAI span and returns what the SDK returned, or the SDK's own
 * APIPromise derived with `_thenUnwrap` (same class, so `.withResponse()`, `.asResponse()` and the
 * SDK's own helpers keep working). Telemetry failures go to `diag`; the user's call never fails
 * because of them, and a telemetry failure before the call falls back to the untraced call.
 */
export function followSdkCall(
  host: SdkCallHost,
  spec: OperationSpec,
  method: string,
  original: AnyFunction,
  resource: ApiResourceLike,
  sdkArgs: unknown[],
): unknown {
  let args = sdkArgs;
  let params = asRecord(args[0]);
  if (!host.isEnabled() || params === undefined) return original.apply(resource, args);
  const endpoint = host.endpointOf(resource._client);
  if (hasBeforeRequestHooks()) {
    // Before the span starts, so the span describes the request as sent (e.g. a forced include_usage).
    const sent = runBeforeRequestHooks(params, {
      provider: endpoint.providerName,
      method,
      instrumentation: host.sdkName,
    });
    if (sent !== params) {
      params = sent;
      args = [sent, ...args.slice(1)];
    }
  }
  // A framework's inference span for this very call is open (a LangChain chat model run): it is the
  // call's one inference span, so the SDK call runs under it untraced (docs/langchain.md).
  const frameworkInference =
    spec.joinsFrameworkInference === false ? undefined : claimedInferenceContext(context.active());
  if (frameworkInference !== undefined) {
    const frameworkSpan = trace.getSpan(frameworkInference);
    const frameworkArgs =
      frameworkSpan === undefined ? args : argumentsUnderSpan(host, args, frameworkSpan, resource);
    return context.with(frameworkInference, () => original.apply(resource, frameworkArgs));
  }
  let recording: InferenceRecording;
  let streaming: boolean;
  try {
    recording = InferenceRecording.start(host.telemetry(), spec.request(params, endpoint));
    streaming = spec.isStream(params);
  } catch (error) {
    host.diag.error(
      `genai-otel: could not start a span for ${host.sdkName} ${method}; calling it untraced`,
      error,
    );
    return original.apply(resource, args);
  }
  const requestHook = host.config().requestHook;
  if (requestHook !== undefined) {
    safeExecuteInTheMiddle(
      () => requestHook(recording.span, { method, params }),
      (error) => error && host.diag.error(`genai-otel: ${host.sdkName} requestHook threw`, error),
      true,
    );
  }
  args = argumentsUnderSpan(host, args, recording.span, resource);
  let returned: unknown;
  try {
    // The SDK's HTTP request (and any span an HTTP instrumentation makes) is a child of ours.
    returned = context.with(recording.context, () => original.apply(resource, args));
  } catch (error) {
    recording.endWithError(error);
    throw error;
  }
  try {
    const call = new FollowedCall(host, spec, method, endpoint.providerName, recording, params, streaming);
    return followApiPromise(call, returned);
  } catch (error) {
    host.diag.error(`genai-otel: could not follow ${host.sdkName} ${method}`, error);
    recording.end();
    return returned;
  }
}

/** The provider's {@link SdkCallHost.argumentsUnderSpan}, if any; its failure leaves `args` as they are. */
function argumentsUnderSpan(
  host: SdkCallHost,
  args: unknown[],
  span: Span,
  resource: ApiResourceLike,
): unknown[] {
  if (host.argumentsUnderSpan === undefined) return args;
  try {
    return host.argumentsUnderSpan(args, span, resource._client);
  } catch (error) {
    host.diag.error(`genai-otel: could not prepare the ${host.sdkName} call's arguments`, error);
    return args;
  }
}

function followApiPromise(call: FollowedCall, returned: unknown): unknown {
  const apiPromise = returned as ApiPromiseLike;
  const recording = call.recording;

  if (typeof apiPromise?._thenUnwrap !== 'function' || typeof apiPromise.asResponse !== 'function') {
    // Not an APIPromise (an SDK we do not know): observe on a side chain, return it untouched.
    if (typeof apiPromise?.then === 'function') {
      apiPromise.then(
        (data) => call.observeGuarded(data),
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
  rawResponseOf(apiPromise).then(
    () => call.responseArrived(),
    (error: unknown) => recording.endWithError(error),
  );
  return apiPromise._thenUnwrap((data) => call.parsed(data));
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

/** The state of one followed call, in one object rather than a closure per step. */
class FollowedCall {
  private wasParsed = false;
  private disarm: () => void = noop;

  constructor(
    private readonly host: SdkCallHost,
    private readonly spec: OperationSpec,
    private readonly method: string,
    private readonly providerName: string,
    readonly recording: InferenceRecording,
    private readonly params: PayloadRecord,
    private readonly streaming: boolean,
  ) {}

  /** The raw response arrived; if nobody has parsed it yet, the unconsumed timeout starts. */
  responseArrived(): void {
    if (!this.wasParsed && !this.recording.isEnded)
      this.disarm = armUnconsumedTimeout(this.recording, this.host.unconsumedTimeoutMs());
  }

  /** The SDK parsed the response for the user (the `_thenUnwrap` transform); returns it unchanged. */
  parsed<T>(data: T): T {
    this.wasParsed = true;
    this.disarm();
    this.observeGuarded(data);
    return data;
  }

  /** Runs {@link observe}; if it fails, the span still ends (with whatever was recorded). */
  observeGuarded(data: unknown): void {
    try {
      this.observe(data);
    } catch (error) {
      this.host.diag.error(`genai-otel: failed to record ${this.host.sdkName} ${this.method}`, error);
      this.recording.end();
    }
  }

  private observe(data: unknown): void {
    const { spec, recording, params } = this;
    if (this.streaming && isSdkStream(data)) {
      this.followStream(data);
      return;
    }
    recording.recordResult(spec.result(data, params, recording.captureContent));
    this.runResponseHook(data);
    recording.end();
  }

  /**
   * Replaces the stream's own `iterator` function (which `[Symbol.asyncIterator]`, `tee()` and
   * `toReadableStream()` all go through) with one that follows the first iteration. The Stream
   * object, its class and its controller stay the SDK's.
   */
  private followStream(stream: SdkStreamLike): void {
    const { host, recording } = this;
    const disarm = armUnconsumedTimeout(recording, host.unconsumedTimeoutMs());
    const originalIterator = stream.iterator;
    let followed = false;
    const call = this;
    stream.iterator = function followedIterator(this: unknown, ...args: unknown[]) {
      const source = (originalIterator as AnyFunction).apply(this, args) as AsyncIterator<unknown>;
      if (followed) return source;
      followed = true;
      try {
        const accumulator = call.spec.streamAccumulator?.(call.params, recording.captureContent);
        if (accumulator === undefined) return source;
        return followAsyncIterator(source, recording, accumulator, {
          wasAborted: () => stream.controller?.signal?.aborted === true,
          chunkText: host.chunkText,
          onFirstPull: () => {
            disarm();
            call.runResponseHookAtEnd();
          },
        });
      } catch (error) {
        host.diag.error(`genai-otel: could not follow the ${host.sdkName} ${call.method} stream`, error);
        return source;
      }
    };
  }

  private runResponseHook(response: unknown): void {
    const { host, recording, method } = this;
    if (hasAfterResponseHooks()) {
      runAfterResponseHooks(response, recording.span, {
        provider: this.providerName,
        method,
        instrumentation: host.sdkName,
        stream: response === undefined,
      });
    }
    const responseHook = host.config().responseHook;
    if (responseHook === undefined) return;
    safeExecuteInTheMiddle(
      () => responseHook(recording.span, { method, response }),
      (error) => error && host.diag.error(`genai-otel: ${host.sdkName} responseHook threw`, error),
      true,
    );
  }

  /** Streams: the hook should see the finished span's attributes, so it runs just before end. */
  private runResponseHookAtEnd(): void {
    if (this.host.config().responseHook === undefined && !hasAfterResponseHooks()) return;
    this.recording.beforeEnd(() => this.runResponseHook(undefined));
  }
}

function isSdkStream(value: unknown): value is SdkStreamLike {
  return typeof (value as SdkStreamLike | undefined)?.iterator === 'function';
}

function noop(): void {}
