import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { finishedSpans } from '../../support/instrumentation-telemetry';

/** The finished span named `name`; fails with the names present when there is none or several. */
export function spanNamed(name: string, spans: ReadableSpan[] = finishedSpans()): ReadableSpan {
  const matching = spans.filter((span) => span.name === name);
  if (matching.length !== 1) {
    throw new Error(
      `expected one span named "${name}", got ${matching.length}: ${spans.map((s) => s.name).join(', ')}`,
    );
  }
  return matching[0] as ReadableSpan;
}

/** The parent of `span` among `spans`. */
export function parentOf(
  span: ReadableSpan,
  spans: ReadableSpan[] = finishedSpans(),
): ReadableSpan | undefined {
  const parentId = span.parentSpanContext?.spanId;
  return spans.find((candidate) => candidate.spanContext().spanId === parentId);
}

/** Names of the children of `parent`, in start order. */
export function childNames(parent: ReadableSpan, spans: ReadableSpan[] = finishedSpans()): string[] {
  return spans
    .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId)
    .sort((a, b) => Number(a.startTime[0] - b.startTime[0]) || a.startTime[1] - b.startTime[1])
    .map((span) => span.name);
}

/** Spans whose `gen_ai.operation.name` is `operation`. */
export function spansOf(operation: string, spans: ReadableSpan[] = finishedSpans()): ReadableSpan[] {
  return spans.filter((span) => span.attributes['gen_ai.operation.name'] === operation);
}
