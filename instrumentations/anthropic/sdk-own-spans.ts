import { INVALID_SPAN_CONTEXT, type Span, type SpanContext, trace } from '@opentelemetry/api';
import { asRecord } from '../../src/genai/payload-readers';

/**
 * `@anthropic-ai/sdk` 1.x (and 0.134+) makes its own span for each API call when its client has
 * a tracer (by default, from the global tracer provider; off with `openTelemetry: false` or
 * `ANTHROPIC_OPEN_TELEMETRY=false`). A method makes no span of its own when its request options
 * already carry one (`__span`): that is how the SDK's stream helpers share one span with the
 * `create()` they call. We hand it a non-recording span with the context of the span that stands
 * for the call, so the SDK records nothing and starts nothing, while its trace-header
 * propagation and the HTTP spans under it still point at our span (docs/anthropic.md).
 */
const SDK_CALL_SPAN_NAME = 'anthropic.messages.create';

/** Whether this client makes its own spans. */
function tracesItself(client: unknown): boolean {
  return (client as { _tracer?: unknown } | undefined)?._tracer != null;
}

/** `messages.create(params, options)` arguments with the SDK's own span turned off. */
export function argumentsWithoutSdkSpan(args: unknown[], callSpan: Span, client: unknown): unknown[] {
  if (!tracesItself(client)) return args;
  return withSdkCallSpan(args, callSpan.spanContext());
}

/**
 * `messages.stream(params, options)` arguments for the same: the stream helper starts the SDK's
 * span before it calls `create()`, so it gets a placeholder here; `create()` then gets ours.
 */
export function streamArgumentsWithoutSdkSpan(args: unknown[], client: unknown): unknown[] {
  if (!tracesItself(client) || asRecord(args[1])?.__span !== undefined) return args;
  return withSdkCallSpan(args, INVALID_SPAN_CONTEXT);
}

function withSdkCallSpan(args: unknown[], spanContext: SpanContext): unknown[] {
  const [params, options, ...rest] = args;
  const sdkCallSpan = {
    span: trace.wrapSpanContext(spanContext),
    name: SDK_CALL_SPAN_NAME,
    startTime: Date.now(),
  };
  return [params, { ...asRecord(options), __span: sdkCallSpan }, ...rest];
}
