import type { Attributes, AttributeValue, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ContentRedactor, FAILED_CLOSED } from './content-redactor';
import type { RedactionTarget } from './redaction-options';
import type { ResolvedRedaction } from './resolve-redaction';

/**
 * Scrubs GenAI content attributes — on the span and on its events — and error text (exception
 * events, the status message) of every span the provider ends, whichever instrumentation made it,
 * before any later processor or exporter sees them. Content a span starts with is scrubbed in
 * `onStart` too, because start events (`llm.start`) are derived from it there; the rest in
 * `onEnding`, the last moment a span is still writable. Nothing here may throw into
 * `span.start()`/`span.end()`, which run in the app's code.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  private readonly redactor: ContentRedactor;
  private readonly isContentKey: (key: string) => boolean;
  /** Values already scrubbed at start, so the user's hook never runs twice on one value. */
  private readonly scrubbedAtStart = new WeakMap<Span, Map<string, AttributeValue>>();

  constructor(redaction: ResolvedRedaction) {
    this.redactor = new ContentRedactor(redaction);
    this.isContentKey = this.redactor.isContentKey;
  }

  onStart(span: Span, _parentContext: Context): void {
    if (!this.redactor.isActive) return;
    try {
      let scrubbed: Map<string, AttributeValue> | undefined;
      const attributes = span.attributes;
      for (const key in attributes) {
        if (!this.isContentKey(key)) continue;
        const value = attributes[key];
        if (value === undefined) continue;
        const redacted = this.redactValue(value, { attribute: key, spanName: span.name });
        if (redacted !== value) span.setAttribute(key, redacted);
        scrubbed ??= new Map();
        scrubbed.set(key, redacted);
      }
      if (scrubbed) this.scrubbedAtStart.set(span, scrubbed);
    } catch (error) {
      this.reportOnce('genai-otel: redaction failed; the span content attributes are dropped', error);
      this.dropContent(span);
    }
  }

  onEnding(span: Span): void {
    if (!this.redactor.isActive) return;
    try {
      const scrubbedAtStart = this.scrubbedAtStart.get(span);
      // Most spans hold no content (capture is off by default): a key lookup each, no allocation.
      const attributes = span.attributes;
      for (const key in attributes) {
        if (!this.isContentKey(key)) continue;
        const value = attributes[key];
        if (value === undefined || scrubbedAtStart?.get(key) === value) continue;
        const redacted = this.redactValue(value, { attribute: key, spanName: span.name });
        if (redacted !== value) span.setAttribute(key, redacted);
      }
      for (const event of span.events) {
        if (event.attributes) this.redactEventAttributes(event.attributes, span.name, event.name);
      }
      const statusMessage = span.status.message;
      if (statusMessage) {
        const redacted = this.redactString(statusMessage, {
          attribute: 'status.message',
          spanName: span.name,
        });
        if (redacted !== statusMessage) span.setStatus({ ...span.status, message: redacted });
      }
    } catch (error) {
      this.reportOnce('genai-otel: redaction failed; the span content attributes are dropped', error);
      this.dropContent(span);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private redactEventAttributes(attributes: Attributes, spanName: string, eventName: string): void {
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined || !this.isContentKey(key)) continue;
      attributes[key] = this.redactValue(value, { attribute: key, spanName, eventName });
    }
  }

  private redactValue(value: AttributeValue, target: RedactionTarget): AttributeValue {
    return this.redactor.redactValue(value, target);
  }

  private redactString(value: string, target: RedactionTarget): string {
    return this.redactor.redactString(value, target);
  }

  private dropContent(span: Span): void {
    try {
      for (const key of Object.keys(span.attributes)) {
        if (this.isContentKey(key)) span.setAttribute(key, FAILED_CLOSED);
      }
    } catch {
      // Nothing more can be done without risking the app's call.
    }
  }

  private reportOnce(message: string, error: unknown): void {
    this.redactor.reportOnce(message, error);
  }
}
