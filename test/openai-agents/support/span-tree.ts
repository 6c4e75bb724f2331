import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** The finished span that is `span`'s parent, if it is among `spans`. */
export function parentOf(span: ReadableSpan | undefined, spans: ReadableSpan[]): ReadableSpan | undefined {
  const parentId = span?.parentSpanContext?.spanId;
  return spans.find((candidate) => candidate.spanContext().spanId === parentId);
}

/** The first span named `name`; fails with the names there are. */
export function named(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.find((span) => span.name === name);
  if (!found) throw new Error(`no span ${name}; got ${spans.map((span) => span.name).join(', ')}`);
  return found;
}

/** Names of `parent`'s children, in start order. */
export function childNames(parent: ReadableSpan, spans: ReadableSpan[]): string[] {
  return spans
    .filter((span) => parentOf(span, spans) === parent)
    .sort((a, b) => Number(a.startTime[0] - b.startTime[0]) || a.startTime[1] - b.startTime[1])
    .map((span) => span.name);
}

/** Spans that are model calls (`chat …`). */
export function chatSpans(spans: ReadableSpan[]): ReadableSpan[] {
  return spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
}
