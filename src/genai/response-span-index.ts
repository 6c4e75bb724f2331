import type { Span, SpanContext } from '@opentelemetry/api';

/**
 * Recent response ids and the spans that recorded them, so that an evaluation reported later by
 * response id (`recordEvaluation({ responseId })`) can be parented to the call it judges, as the
 * conventions ask. Bounded: the oldest entries go first; an evaluation of an older response still
 * carries `gen_ai.response.id`.
 */
const MAX_REMEMBERED_RESPONSES = 4096;
const spansByResponseId = new Map<string, SpanContext>();

/** Remembers that `span` recorded the response `responseId`. */
export function rememberResponseSpan(responseId: string, span: Span): void {
  spansByResponseId.delete(responseId);
  spansByResponseId.set(responseId, span.spanContext());
  if (spansByResponseId.size > MAX_REMEMBERED_RESPONSES) {
    const oldest = spansByResponseId.keys().next().value;
    if (oldest !== undefined) spansByResponseId.delete(oldest);
  }
}

/** The span context of the call that returned `responseId`, if it is among the recent ones. */
export function spanOfResponse(responseId: string): SpanContext | undefined {
  return spansByResponseId.get(responseId);
}
