import { isSpanContextValid, trace } from '@opentelemetry/api';
import { ATTR_LINK_DETACHED_FROM } from '../genai/semconv';
import { splitOptionsAndCallback } from '../tracing/options-and-callback';
import type { StartSpanOptions } from '../tracing/span-options';
import { startSpan } from '../tracing/start-span';
import type { TracedSpan } from '../tracing/traced-span';

export { ATTR_LINK_DETACHED_FROM };

/**
 * Runs `fn` in a span that starts a new trace — for background jobs and fire-and-forget work that
 * should not stretch the current request's trace — linked to the span active here, so the two
 * traces can be navigated both ways. Baggage, trace attributes and the content-capture setting
 * carry over; the parent does not. Otherwise {@link startSpan} semantics (ends when `fn`'s work
 * is done; errors recorded and rethrown).
 *
 * @example
 * void startDetachedSpan('reindex-knowledge-base', { kind: 'task' }, () => reindex(changedDocs));
 */
export function startDetachedSpan<T>(name: string, fn: (span: TracedSpan) => T): T;
export function startDetachedSpan<T>(name: string, options: StartSpanOptions, fn: (span: TracedSpan) => T): T;
export function startDetachedSpan<T>(
  name: string,
  optionsOrFn: StartSpanOptions | ((span: TracedSpan) => T),
  maybeFn?: (span: TracedSpan) => T,
): T {
  const { options, fn } = splitOptionsAndCallback(
    'startDetachedSpan(name, [options,] fn)',
    optionsOrFn,
    maybeFn,
  );
  const origin = trace.getActiveSpan()?.spanContext();
  return startSpan(name, { ...options, parent: null }, (span) => {
    if (origin && isSpanContextValid(origin)) {
      span.addLink({ context: origin, attributes: { [ATTR_LINK_DETACHED_FROM]: true } });
    }
    return fn(span);
  });
}
