import { type Context, diag } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * A span processor made at the first span that needs it. Until then each span start costs one
 * `needs(span)` check; from that span on, every call goes to the processor `load()` returned. Keeps
 * an optional mapping (the AI SDK 5/6 span mapper) off the start-up path of apps that never make
 * such a span.
 */
export class OnDemandSpanProcessor implements SpanProcessor {
  private loaded: SpanProcessor | undefined;
  private failedToLoad = false;

  constructor(
    private readonly needs: (span: Span) => boolean,
    private readonly load: () => SpanProcessor,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    if (this.loaded === undefined) {
      if (this.failedToLoad || !this.needs(span)) return;
      try {
        this.loaded = this.load();
      } catch (error) {
        this.failedToLoad = true;
        diag.error('genai-otel: could not load a span processor', error);
        return;
      }
    }
    this.loaded.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    this.loaded?.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    this.loaded?.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.loaded?.forceFlush() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.loaded?.shutdown() ?? Promise.resolve();
  }
}
