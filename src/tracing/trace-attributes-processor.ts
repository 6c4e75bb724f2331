import { type Attributes, type Context, diag } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { getTraceAttributes, traceAttributesFromBaggage } from './trace-attributes';

/** Options of {@link TraceAttributesSpanProcessor}. */
export interface TraceAttributesSpanProcessorOptions {
  /**
   * Also take trace attributes from incoming W3C baggage (`gen_ai.conversation.id`, `user.id`,
   * `session.id`, `genai_otel.tags`, `genai_otel.metadata.*`), as sent by an upstream service
   * using `withTraceAttributes(…, { asBaggage: true })`. Off by default: baggage from outside
   * your system is untrusted input. Values set in-process win over baggage.
   */
  readBaggage?: boolean;
}

/**
 * Puts the attributes of {@link withTraceAttributes} on every span when it starts, whichever
 * tracer started it. Attributes the span already has (set by its instrumentation) are kept.
 *
 * @example
 * new TracerProvider({ spanProcessors: [new TraceAttributesSpanProcessor(), new BatchSpanProcessor(exporter)] });
 */
export class TraceAttributesSpanProcessor implements SpanProcessor {
  private readonly readBaggage: boolean;

  constructor(options: TraceAttributesSpanProcessorOptions = {}) {
    this.readBaggage = options.readBaggage ?? false;
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const own = getTraceAttributes(parentContext);
      const fromBaggage = this.readBaggage ? traceAttributesFromBaggage(parentContext) : undefined;
      if (own === undefined && fromBaggage === undefined) return;
      const attributes: Attributes = { ...fromBaggage, ...own };
      const existing = span.attributes;
      for (const [key, value] of Object.entries(attributes)) {
        if (value !== undefined && existing[key] === undefined) span.setAttribute(key, value);
      }
    } catch (error) {
      diag.debug('genai-otel: could not apply trace attributes', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
