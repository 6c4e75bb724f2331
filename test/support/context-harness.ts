import { type Context, context } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { beforeEach } from 'vitest';
import { InheritedContextManager } from '../../src/context/inherited-context-manager';
import { installGlobalTestTelemetry } from './global-test-telemetry';

/** What the context tests look at of an ended span: small, so 100,000+ spans fit comfortably. */
export interface EndedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attributes: ReadableSpan['attributes'];
  links: ReadableSpan['links'];
}

class EndedSpanCollector implements SpanProcessor {
  readonly ended: EndedSpan[] = [];
  onStart(_span: Span, _parentContext: Context): void {}
  onEnd(span: ReadableSpan): void {
    this.ended.push({
      name: span.name,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      attributes: span.attributes,
      links: span.links,
    });
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The context setup register() installs (genai-otel's AsyncLocalStorage manager, W3C trace context
 * and baggage) with spans collected in memory, cleared before each test.
 */
export function useContextHarness(inherited: Context = context.active()): { spans(): EndedSpan[] } {
  const collector = new EndedSpanCollector();
  installGlobalTestTelemetry({
    spanProcessors: [collector],
    contextManager: new InheritedContextManager(inherited),
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });
  beforeEach(() => {
    collector.ended.length = 0;
  });
  return { spans: () => collector.ended };
}

export function byName(spans: EndedSpan[], name: string): EndedSpan {
  const matches = spans.filter((span) => span.name === name);
  if (matches.length !== 1) {
    throw new Error(
      `expected one span named "${name}", found ${matches.length} among ${spans.map((s) => s.name).join(', ')}`,
    );
  }
  return matches[0] as EndedSpan;
}
