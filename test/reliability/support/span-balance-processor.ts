import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Counts spans started and ended, per span, so a test proves no span stays open and none ends
 * twice (the SDK ignores a second `end()`, but a processor that sees it would count it).
 */
export class SpanBalanceProcessor implements SpanProcessor {
  started = 0;
  ended = 0;
  readonly open = new Set<string>();
  readonly endedTwice = new Set<string>();
  private readonly endedIds = new Set<string>();
  /** Keep ids of ended spans (for the exactly-once check); off under load to keep memory flat. */
  constructor(private readonly trackEndedIds = true) {}

  onStart(span: Span, _parentContext: Context): void {
    this.started++;
    this.open.add(span.spanContext().spanId);
  }

  onEnd(span: ReadableSpan): void {
    this.ended++;
    const id = span.spanContext().spanId;
    this.open.delete(id);
    if (!this.trackEndedIds) return;
    if (this.endedIds.has(id)) this.endedTwice.add(id);
    this.endedIds.add(id);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
