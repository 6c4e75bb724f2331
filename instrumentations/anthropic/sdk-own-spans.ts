import {
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  type Span,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import type { AnyFunction } from '../../src/genai/model-call';
import type { PayloadRecord } from '../../src/genai/payload-readers';
import { asRecord } from '../../src/genai/payload-readers';
import type { SdkCallFollower } from '../../src/genai/sdk-instrumentation';
import type { ApiResourceLike } from '../../src/genai/sdk-shapes';

/**
 * `@anthropic-ai/sdk` 1.x (and 0.134+) traces each API call itself when its client has a tracer
 * (`_tracer`: by default from the global tracer provider; none with `openTelemetry: false` or
 * `ANTHROPIC_OPEN_TELEMETRY=false`). For a call genai-otel traces, the SDK's span would be a second
 * span of the same model call, so the SDK must make none (docs/anthropic.md, "The SDK's own spans").
 *
 * The cheap way: the call runs the SDK's untraced path. The SDK reads `_tracer` only while its
 * method runs synchronously (`messages.create()` and the client's `request()`), so the client's
 * `_tracer` is unset for exactly that stretch and put back before the method returns; nothing else
 * can run in between. The trace context the SDK would send (`traceparent`, from the global
 * propagator) is sent with the request's headers instead, naming genai-otel's span.
 *
 * The old way, kept for the calls the cheap way cannot serve: the SDK skips its own span when the
 * request options carry one (`__span`), so it gets a non-recording span with our span's context.
 * It then records nothing, but still runs its traced request path (trace headers, attempt
 * records) on every call. Used for the Bedrock and Vertex clients, which sign their requests: the
 * SDK keeps trace headers out of the signature, which request headers would not be. Also for
 * request headers given as a `Headers` object or a list, which cannot be merged cheaply.
 */
const SDK_CALL_SPAN_NAME = 'anthropic.messages.create';

/** Enough of a 1.x client for choosing the path. */
interface SelfTracingClientLike {
  _tracer?: unknown;
  _genAIProviderName?: unknown;
  /** The settled `openTelemetry` option; `propagation: false` means send no trace headers. */
  openTelemetry?: { propagation?: unknown };
}

/**
 * The client whose next `messages.create()` runs the SDK's untraced path; set just before the call
 * (by {@link argumentsWithoutSdkSpan}) and cleared by the call itself.
 */
let sdkTracingSkippedFor: SelfTracingClientLike | undefined;

/** Whether this client makes its own spans. */
function tracesItself(client: unknown): boolean {
  return (client as SelfTracingClientLike | undefined)?._tracer != null;
}

/**
 * `messages.create(params, options)` arguments for a call traced under `callSpan`: arranges that the
 * SDK makes no span of its own for it (see the module comment).
 */
export function argumentsWithoutSdkSpan(args: unknown[], callSpan: Span, client: unknown): unknown[] {
  if (!tracesItself(client)) return args;
  const selfTracing = client as SelfTracingClientLike;
  const options = asRecord(args[1]);
  const headers = options?.headers;
  if (canSkipSdkTracing(selfTracing) && (headers == null || isPlainHeaders(headers))) {
    sdkTracingSkippedFor = selfTracing;
    return withTraceHeaders(args, options, headers as PayloadRecord | undefined, callSpan, selfTracing);
  }
  return withSdkCallSpan(args, callSpan.spanContext());
}

/**
 * `messages.stream(params, options)` arguments for the same: the stream helper starts the SDK's
 * span before it calls `create()` unless its options hold one. `false` stands for "none" there
 * (the helper takes `options.__span ?? its own`), and `create()` then chooses its path as above.
 */
export function streamArgumentsWithoutSdkSpan(args: unknown[], client: unknown): unknown[] {
  if (!tracesItself(client) || asRecord(args[1])?.__span !== undefined) return args;
  if (canSkipSdkTracing(client as SelfTracingClientLike)) return withOptions(args, { __span: false });
  return withSdkCallSpan(args, INVALID_SPAN_CONTEXT);
}

/**
 * Follows a call as the shared follower does, with `original` run on the SDK's untraced path when
 * {@link argumentsWithoutSdkSpan} chose it for the call.
 */
export function anthropicCallFollower(follow: SdkCallFollower): SdkCallFollower {
  const untracedOriginals = new WeakMap<AnyFunction, AnyFunction>();
  // The last one looked up: calls mostly repeat the same method (`messages.create`).
  let lastOriginal: AnyFunction | undefined;
  let lastWrapped: AnyFunction | undefined;
  return (host, spec, method, original, resource, args) => {
    if (original !== lastOriginal || lastWrapped === undefined) {
      let wrapped = untracedOriginals.get(original);
      if (wrapped === undefined) {
        wrapped = withSdkTracingSkippedWhenChosen(original);
        untracedOriginals.set(original, wrapped);
      }
      lastOriginal = original;
      lastWrapped = wrapped;
    }
    return follow(host, spec, method, lastWrapped, resource, args);
  };
}

function withSdkTracingSkippedWhenChosen(original: AnyFunction): AnyFunction {
  return function genaiOtelWithoutSdkTracing(this: unknown, ...args: unknown[]): unknown {
    const client = (this as ApiResourceLike | undefined)?._client as SelfTracingClientLike | undefined;
    if (client === undefined || client !== sdkTracingSkippedFor) return original.apply(this, args);
    sdkTracingSkippedFor = undefined;
    const tracer = client._tracer;
    client._tracer = undefined;
    try {
      return original.apply(this, args);
    } finally {
      client._tracer = tracer;
    }
  };
}

/** What {@link clientPath} found for a client; both are settled when the client is constructed. */
interface ClientPath {
  /** A plain `Anthropic` client with an own, writable `_tracer` (as 1.x and 0.134+ construct it). */
  untracedPathPossible: boolean;
  /** Whether the client sends trace headers (`openTelemetry.propagation`, default true). */
  propagates: boolean;
}

const clientPaths = new WeakMap<object, ClientPath>();

/**
 * Looked up once per client: the SDK settles its `openTelemetry` option at construction (frozen),
 * and reading it goes through a private-field accessor. Bedrock and Vertex clients sign their
 * requests (see the module comment), so they keep the placeholder path.
 */
function clientPath(client: SelfTracingClientLike): ClientPath {
  let path = clientPaths.get(client);
  if (path === undefined) {
    const provider = client._genAIProviderName;
    path = {
      untracedPathPossible:
        (provider === undefined || provider === 'anthropic') &&
        Object.getOwnPropertyDescriptor(client, '_tracer')?.writable === true,
      propagates: client.openTelemetry?.propagation !== false,
    };
    clientPaths.set(client, path);
  }
  return path;
}

function canSkipSdkTracing(client: SelfTracingClientLike): boolean {
  return clientPath(client).untracedPathPossible;
}

/** Header objects the SDK reads as name → value pairs; its own `buildHeaders()` result is branded. */
function isPlainHeaders(headers: unknown): boolean {
  if (typeof headers !== 'object' || headers === null) return false;
  return (
    Object.getPrototypeOf(headers) === Object.prototype && Object.getOwnPropertySymbols(headers).length === 0
  );
}

/** The call's request options with the trace headers of `callSpan`, when the client propagates. */
function withTraceHeaders(
  args: unknown[],
  options: PayloadRecord | undefined,
  headers: PayloadRecord | undefined,
  callSpan: Span,
  client: SelfTracingClientLike,
): unknown[] {
  if (!clientPath(client).propagates) return args;
  const traceHeaders: Record<string, string> = {};
  try {
    propagation.inject(trace.setSpan(context.active(), callSpan), traceHeaders);
  } catch {
    // The app's propagator failed: the call goes without trace headers, as the SDK's would.
    return args;
  }
  const names = Object.keys(traceHeaders);
  if (names.length === 0) return args;
  let merged: PayloadRecord = traceHeaders;
  if (headers !== undefined && headers !== null) {
    // The trace headers replace the caller's, as the SDK's own propagation does; names are
    // compared without case, since the SDK would join two spellings of one header.
    merged = {};
    for (const name of Object.keys(headers))
      if (traceHeaders[name.toLowerCase()] === undefined) merged[name] = headers[name];
    Object.assign(merged, traceHeaders);
  }
  return withOptions(args, { headers: merged }, options);
}

function withSdkCallSpan(args: unknown[], spanContext: SpanContext): unknown[] {
  const sdkCallSpan = {
    span: trace.wrapSpanContext(spanContext),
    name: SDK_CALL_SPAN_NAME,
    startTime: Date.now(),
  };
  return withOptions(args, { __span: sdkCallSpan });
}

function withOptions(args: unknown[], added: PayloadRecord, options = asRecord(args[1])): unknown[] {
  const [params, , ...rest] = args;
  return [params, { ...options, ...added }, ...rest];
}
