import type { Span, SpanContext } from '@opentelemetry/api';

/**
 * Recent response ids and the spans that recorded them, so that an evaluation reported later by
 * response id (`recordEvaluation({ responseId })`) can be parented to the call it judges, as the
 * conventions ask. Bounded: the oldest entries go first; an evaluation of an older response still
 * carries `gen_ai.response.id`.
 */
const MAX_REMEMBERED_RESPONSES = 4096;
const spansByResponseId = new Map<string, SpanContext>();
/**
 * The ids in the order they were remembered, as a ring: the slot about to be reused holds the
 * oldest. Cheaper per call than asking the map for its oldest key (an iterator each time).
 */
const rememberedOrder: Array<string | undefined> = new Array(MAX_REMEMBERED_RESPONSES);
let nextSlot = 0;

/** Remembers that `span` recorded the response `responseId`. */
export function rememberResponseSpan(responseId: string, span: Span): void {
  const known = spansByResponseId.has(responseId);
  spansByResponseId.set(responseId, span.spanContext());
  // An id seen again keeps its slot: it stays until the ring comes round to it.
  if (known) return;
  const oldest = rememberedOrder[nextSlot];
  if (oldest !== undefined) spansByResponseId.delete(oldest);
  rememberedOrder[nextSlot] = responseId;
  nextSlot = (nextSlot + 1) % MAX_REMEMBERED_RESPONSES;
}

/** The span context of the call that returned `responseId`, if it is among the recent ones. */
export function spanOfResponse(responseId: string): SpanContext | undefined {
  return spansByResponseId.get(responseId);
}
