import { diag, type Span } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { shouldCaptureContent } from '../content/capture-policy';
import { setChunkObserver } from '../genai/chunk-observer';
import { eventBus } from './event-bus';
import type { LLMTokenEvent } from './event-types';

/** Options of {@link reportLLMToken}. */
export interface LLMTokenReport {
  /** The chunk's text; put on `llm.token` events only when content capture is on. */
  text?: string;
  /** Content capture decision of the call (default: the active context's). */
  captureContent?: boolean;
  /** Time since the call started, ms (default: measured from the span's start time). */
  sinceStartMs?: number;
  /**
   * 1 for the call's first chunk, 2 for the next…; a recorder that counts its chunks passes it,
   * which spares the per-span bookkeeping on every chunk (default: counted here).
   */
  index?: number;
}

/** Chunks seen per open model-call span; forgotten when the span ends (bounded regardless). */
const chunkCounts = new Map<string, number>();
const MAX_TRACKED_SPANS = 10_000;

/**
 * Reports one streamed chunk (token or token batch) of the model call whose span is `span`. The
 * first report for a span emits `llm.first_token`; every report emits `llm.token` to the
 * subscribers that asked for it. Costs a map lookup when nobody listens (nothing when the caller
 * passes `index`); never throws.
 *
 * The OpenAI instrumentation and `withLLMCall`'s `recordChunk()` call it for you; an
 * instrumentation or callback bridge of your own calls it once per chunk.
 *
 * @example
 * // in a LangChain-style handleLLMNewToken(token, idx, runId)
 * reportLLMToken(runs.getSpan(runId), { text: token });
 */
export function reportLLMToken(span: Span | undefined, report: LLMTokenReport = {}): void {
  try {
    if (span === undefined) return;
    const bus = eventBus();
    const spanContext = span.spanContext();
    const index = report.index ?? countChunk(spanContext.spanId);
    if (!bus.hasSubscribers) return;
    const wantsFirst = index === 1 && bus.wants('llm.first_token');
    const wantsToken = bus.wants('llm.token');
    if (!wantsFirst && !wantsToken) return;
    const now = Date.now();
    const base: Omit<LLMTokenEvent, 'type'> = {
      category: 'llm',
      traceId: spanContext.traceId,
      spanId: spanContext.spanId,
      time: now,
      index,
    };
    const parentSpanId = (span as { parentSpanContext?: { spanId?: string } }).parentSpanContext?.spanId;
    if (parentSpanId) base.parentSpanId = parentSpanId;
    const sinceStartMs = report.sinceStartMs ?? sinceStart(span, now);
    if (sinceStartMs !== undefined) base.sinceStartMs = sinceStartMs;
    if (wantsFirst) bus.publish({ ...base, type: 'llm.first_token' });
    if (wantsToken) {
      const event: LLMTokenEvent = { ...base, type: 'llm.token' };
      if (report.text !== undefined && (report.captureContent ?? shouldCaptureContent()))
        event.text = report.text;
      bus.publish(event);
    }
  } catch (error) {
    diag.debug('genai-otel: could not report an LLM token', error);
  }
}

function countChunk(spanId: string): number {
  const index = (chunkCounts.get(spanId) ?? 0) + 1;
  if (index === 1 && chunkCounts.size >= MAX_TRACKED_SPANS) {
    chunkCounts.delete(chunkCounts.keys().next().value as string);
  }
  chunkCounts.set(spanId, index);
  return index;
}

/** Forgets a span's chunk count (its span ended). */
export function forgetTokenState(spanId: string): void {
  chunkCounts.delete(spanId);
}

function sinceStart(span: Span, now: number): number | undefined {
  const startTime = (span as { startTime?: [number, number] }).startTime;
  return Array.isArray(startTime) ? Math.max(0, now - hrTimeToMilliseconds(startTime)) : undefined;
}

// The recorder reports chunks through this hook (it does not import the bus); loading the event
// side (the span processor, onEvent, events()) is what connects them.
setChunkObserver(reportLLMToken, () => eventBus().hasSubscribers);
