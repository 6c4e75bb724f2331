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
import { claimedInferenceContext, getInferenceScope } from './inference-scope';
import type { OperationSpec } from './operation-spec';
import { asRecord, type PayloadRecord } from './payload-readers';
import type { GenAISdkInstrumentationConfig } from './sdk-instrumentation-config';
import { followAsyncIterator } from './stream-follower';

/** What a patched SDK method needs from its instrumentation, read at call time. */
export interface SdkCallHost {
  /** The SDK's short name in diagnostics and hook info: `openai`, `anthropic`, `google-genai`. */
  readonly sdkName: string;
  readonly diag: DiagLogger;
  isEnabled(): boolean;
  telemetry(): GenAITelemetry;
  config(): GenAISdkInstrumentationConfig;
  unconsumedTimeoutMs(): number;
  /** Where a call on `resource` (the patched method's `this`) with `params` goes. */
  endpointOf(resource: unknown, params: PayloadRecord): Endpoint;
  /** The text a stream chunk adds, for opt-in `llm.token` events. */
  chunkText(chunk: unknown): string | undefined;
  /** The SDK's own `error.type` for an error, when its class name says too little. */
  errorTypeOf?(error: unknown): string | undefined;
  /**
   * The call's arguments, given the span that stands for the call (ours, or a framework's
   * inference span). For SDKs that trace themselves: tells the SDK not to start a second span.
   */
  argumentsUnderSpan?(args: unknown[], callSpan: Span, resource: unknown): unknown[];
}

export type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * How an SDK's calls are followed once the span is started: given the call state and what the
 * original method returned, returns what the caller gets (the SDK's own object, or one that behaves
 * the same). Each SDK family has one (`followApiPromise` for Stainless SDKs, `followPlainPromise`).
 */
export type ReturnedValueFollower = (call: FollowedCall, returned: unknown) => unknown;

/**
 * Runs one SDK call under a GenAI span: the before-request hooks, the framework inference scope
 * (a LangChain run that already stands for this call), the recording started in the caller's
 * context, the request hook, the original call in the recording's context, then `follow` on what
 * it returned. Telemetry failures go to `diag`; a failure before the call falls back to the
 * untraced call, and the user's call never fails because of us.
 */
export function traceModelCall(
  host: SdkCallHost,
  spec: OperationSpec,
  method: string,
  original: AnyFunction,
  resource: unknown,
  sdkArgs: unknown[],
  follow: ReturnedValueFollower,
): unknown {
  let args = sdkArgs;
  let params = asRecord(args[0]);
  if (!host.isEnabled() || params === undefined) return original.apply(resource, args);
  let endpoint: Endpoint;
  try {
    endpoint = host.endpointOf(resource, params);
  } catch (error) {
    host.diag.error(
      `genai-otel: could not read where ${host.sdkName} ${method} goes; calling it untraced`,
      error,
    );
    return original.apply(resource, args);
  }
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
  const active = context.active();
  const frameworkInference =
    spec.joinsFrameworkInference === false ? undefined : claimedInferenceContext(active);
  if (frameworkInference !== undefined) {
    const frameworkSpan = trace.getSpan(frameworkInference);
    const frameworkArgs =
      frameworkSpan === undefined ? args : argumentsUnderSpan(host, args, frameworkSpan, resource);
    return context.with(frameworkInference, () => original.apply(resource, frameworkArgs));
  }
  // An unclaimed framework scope (an Agents SDK model call) learns that this call has its span.
  getInferenceScope(active)?.noteProviderCall();
  let recording: InferenceRecording;
  let streaming: boolean;
  try {
    recording = InferenceRecording.start(host.telemetry(), spec.request(params, endpoint), {
      parentContext: active,
      errorTypeOf: host.errorTypeOf,
    });
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
    const hookParams = params;
    safeExecuteInTheMiddle(
      () => requestHook(recording.span, { method, params: hookParams }),
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
    return follow(call, returned);
  } catch (error) {
    host.diag.error(`genai-otel: could not follow ${host.sdkName} ${method}`, error);
    recording.end();
    return returned;
  }
}

/** The provider's {@link SdkCallHost.argumentsUnderSpan}, if any; its failure leaves `args` as they are. */
function argumentsUnderSpan(host: SdkCallHost, args: unknown[], span: Span, resource: unknown): unknown[] {
  if (host.argumentsUnderSpan === undefined) return args;
  try {
    return host.argumentsUnderSpan(args, span, resource);
  } catch (error) {
    host.diag.error(`genai-otel: could not prepare the ${host.sdkName} call's arguments`, error);
    return args;
  }
}

/** Options of {@link FollowedCall.followStream}. */
export interface StreamFollowOptions {
  /** Tells a quiet end caused by an abort from a real completion. */
  wasAborted?: () => boolean;
  /** Called on the first pull: the stream is being consumed. */
  onFirstPull?: () => void;
}

/** The state of one traced call, shared by every SDK family's follower. */
export class FollowedCall {
  constructor(
    readonly host: SdkCallHost,
    readonly spec: OperationSpec,
    readonly method: string,
    private readonly providerName: string,
    readonly recording: InferenceRecording,
    readonly params: PayloadRecord,
    /** Whether the operation spec says this call returns a stream. */
    readonly streaming: boolean,
  ) {}

  /** Records a whole (non-streamed) response, runs the response hooks and ends the span. */
  recordResponse(data: unknown): void {
    try {
      this.recording.recordResult(this.spec.result(data, this.params, this.recording.captureContent));
      this.runResponseHook(data);
    } catch (error) {
      this.host.diag.error(`genai-otel: failed to record ${this.host.sdkName} ${this.method}`, error);
    }
    this.recording.end();
  }

  /**
   * An iterator over `source` that records every chunk and ends the span exactly once (completion,
   * `break`, error); `source` itself when the operation has no stream accumulator or following
   * fails. The response hooks run just before the span ends, so they see its final attributes.
   */
  followStream(source: AsyncIterator<unknown>, options: StreamFollowOptions = {}): AsyncIterator<unknown> {
    const { host, recording } = this;
    try {
      const accumulator = this.spec.streamAccumulator?.(this.params, recording.captureContent);
      if (accumulator === undefined) {
        recording.end();
        return source;
      }
      return followAsyncIterator(source, recording, accumulator, {
        wasAborted: options.wasAborted,
        chunkText: host.chunkText,
        onFirstPull: () => {
          options.onFirstPull?.();
          this.runResponseHookAtEnd();
        },
      });
    } catch (error) {
      host.diag.error(`genai-otel: could not follow the ${host.sdkName} ${this.method} stream`, error);
      recording.end();
      return source;
    }
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
