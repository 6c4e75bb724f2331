import {
  type Attributes,
  createTraceState,
  type HrTime,
  type Link,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
} from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';

/** A finished span as plain, structured-clonable data, for the trip from a worker to the main thread. */
export interface ForwardedSpan {
  name: string;
  kind: SpanKind;
  spanContext: PlainSpanContext;
  parentSpanContext: PlainSpanContext | undefined;
  startTime: HrTime;
  endTime: HrTime;
  duration: HrTime;
  status: SpanStatus;
  attributes: Attributes;
  links: Array<Omit<Link, 'context'> & { context: PlainSpanContext }>;
  events: TimedEvent[];
  instrumentationScope: { name: string; version?: string; schemaUrl?: string };
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

/** `thread.id` (semantic conventions): tells apart the spans of the main thread and of each worker. */
const ATTR_THREAD_ID = 'thread.id';

export function toForwardedSpan(span: ReadableSpan, threadId: number): ForwardedSpan {
  const { name, version, schemaUrl } = span.instrumentationScope;
  return {
    name: span.name,
    kind: span.kind,
    spanContext: toPlainSpanContext(span.spanContext()),
    parentSpanContext: span.parentSpanContext ? toPlainSpanContext(span.parentSpanContext) : undefined,
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    status: { ...span.status },
    attributes: { ...span.attributes, [ATTR_THREAD_ID]: threadId },
    links: span.links.map((link) => ({ ...link, context: toPlainSpanContext(link.context) })),
    events: span.events.map((event) => ({ ...event })),
    instrumentationScope: { name, version, schemaUrl },
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Rebuilds a ReadableSpan the main thread's processors and exporters accept, under its resource. */
export function fromForwardedSpan(data: ForwardedSpan, resource: Resource): ReadableSpan {
  const spanContext = fromPlainSpanContext(data.spanContext);
  return {
    ...data,
    spanContext: () => spanContext,
    parentSpanContext: data.parentSpanContext ? fromPlainSpanContext(data.parentSpanContext) : undefined,
    links: data.links.map((link) => ({ ...link, context: fromPlainSpanContext(link.context) })),
    ended: true,
    resource,
  };
}

/** TraceState objects have methods and do not survive structured cloning: it travels as its text. */
interface PlainSpanContext extends Omit<SpanContext, 'traceState'> {
  traceState?: string;
}

function toPlainSpanContext(spanContext: SpanContext): PlainSpanContext {
  const { traceId, spanId, traceFlags, isRemote } = spanContext;
  const traceState = spanContext.traceState?.serialize();
  return { traceId, spanId, traceFlags, isRemote, ...(traceState ? { traceState } : {}) };
}

function fromPlainSpanContext(plain: PlainSpanContext): SpanContext {
  const { traceState, ...rest } = plain;
  return traceState ? { ...rest, traceState: createTraceState(traceState) } : rest;
}
