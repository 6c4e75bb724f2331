import {
  type Context,
  context,
  defaultTextMapGetter,
  diag,
  isSpanContextValid,
  type Span,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { ExplicitParent } from './span-options';

const traceContextPropagator = new W3CTraceContextPropagator();

/**
 * The context a span should start in: `base` (the active context) with its span replaced by the
 * explicit parent. Other context values (content capture, trace attributes, baggage) are kept so
 * a re-parented span still follows the caller's settings. An unusable parent falls back to
 * `base`, with a `diag` warning, rather than failing the caller.
 */
export function resolveParentContext(
  parent: ExplicitParent | undefined,
  base: Context = context.active(),
): Context {
  if (parent === undefined) return base;
  if (parent === null) return trace.deleteSpan(base);
  if (typeof parent === 'string') return fromTraceparent(parent, base);
  if (isContext(parent)) return parent;
  if (isSpan(parent)) return trace.setSpan(base, parent);
  if (isSpanContextValid(parent)) return trace.setSpanContext(base, parent);
  diag.warn('genai-otel: ignoring an invalid explicit parent; the span starts under the active span');
  return base;
}

function fromTraceparent(traceparent: string, base: Context): Context {
  const extracted = traceContextPropagator.extract(
    trace.deleteSpan(base),
    { traceparent },
    defaultTextMapGetter,
  );
  const spanContext = trace.getSpanContext(extracted);
  if (spanContext && isSpanContextValid(spanContext)) return extracted;
  diag.warn(
    `genai-otel: ignoring invalid traceparent "${traceparent.slice(0, 64)}"; expected 00-<32 hex>-<16 hex>-<2 hex>`,
  );
  return base;
}

function isContext(value: object): value is Context {
  const candidate = value as Partial<Context>;
  return (
    typeof candidate.getValue === 'function' &&
    typeof candidate.setValue === 'function' &&
    typeof candidate.deleteValue === 'function'
  );
}

function isSpan(value: object): value is Span {
  return typeof (value as Partial<Span>).spanContext === 'function';
}
