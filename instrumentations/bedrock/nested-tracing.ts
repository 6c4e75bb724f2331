import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { AnyFunction } from '../../src/genai/model-call';

/**
 * `send` with tracing suppressed beneath the call's span. `@opentelemetry/instrumentation-aws-sdk`
 * starts its own span for each Bedrock command inside `send` (named `chat {modelId}` too, with
 * GenAI attributes, and token and duration metrics recorded from its response hook); under a
 * suppressed context the SDK's tracer hands it a non-recording span, and its response hook then
 * records neither attributes nor metrics. The call keeps one inference span, ours, and tokens
 * are counted once. The context still carries our span, so anything propagated from it points at
 * that span. Only traced commands get this; every other AWS call is left to that instrumentation.
 */
export function withNestedTracingSuppressed(send: AnyFunction): AnyFunction {
  return function sendUnderOneSpan(this: unknown, ...args: unknown[]): unknown {
    return context.with(suppressTracing(context.active()), () => send.apply(this, args));
  };
}
