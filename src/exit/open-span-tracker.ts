import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/** Set on spans that were still open when the process exited and that genai-otel ended for export. */
export const ATTR_ENDED_AT_EXIT = 'genai_otel.span.ended_at_exit';

/**
 * Remembers the spans started and not yet ended, so that the exit path can end them and nothing
 * the app was doing when it stopped (a crash mid-request, `process.exit()` inside a span) is lost.
 * Also counts started and ended spans, which tests use to prove no span stays open.
 */
export class OpenSpanTracker implements SpanProcessor {
  private readonly open = new Map<string, Span>();
  startedCount = 0;
  endedCount = 0;

  onStart(span: Span, _parentContext: Context): void {
    this.startedCount++;
    this.open.set(span.spanContext().spanId, span);
  }

  onEnd(span: ReadableSpan): void {
    this.endedCount++;
    this.open.delete(span.spanContext().spanId);
  }

  /** Whether the span with this id was started here and has not ended yet. */
  isOpen(spanId: string): boolean {
    return this.open.has(spanId);
  }

  /** Ends every span still open, marked with {@link ATTR_ENDED_AT_EXIT}; children before parents. */
  endOpenSpans(): number {
    const spans = [...this.open.values()].reverse();
    for (const span of spans) {
      span.setAttribute(ATTR_ENDED_AT_EXIT, true);
      span.end();
    }
    return spans.length;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.open.clear();
    return Promise.resolve();
  }
}
