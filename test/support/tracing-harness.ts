import type { Context } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, expect } from 'vitest';
import { TraceAttributesSpanProcessor } from '../../src/tracing/trace-attributes-processor';
import { installGlobalTestTelemetry } from './global-test-telemetry';
import type { OnDemandMetricReader } from './on-demand-metric-reader';
import { recordDiagMessages } from './record-diag-messages';

/**
 * Counts starts and ends per span through a processor, so a test fails if a span ended early
 * (checked while work is pending), late or not at all (checked after), or twice (the SDK refuses
 * a second end() and reports it through diag, which is captured too).
 */
class EndCounter implements SpanProcessor {
  readonly started = new Map<string, Span>();
  readonly endCounts = new Map<string, number>();
  /** Ended spans in end order (SimpleSpanProcessor exports asynchronously, so read them here). */
  readonly ended: ReadableSpan[] = [];

  onStart(span: Span, _parentContext: Context): void {
    this.started.set(span.spanContext().spanId, span);
  }
  onEnd(span: ReadableSpan): void {
    const id = span.spanContext().spanId;
    this.endCounts.set(id, (this.endCounts.get(id) ?? 0) + 1);
    this.ended.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  reset(): void {
    this.started.clear();
    this.endCounts.clear();
    this.ended.length = 0;
  }
}

export interface Harness {
  counter: EndCounter;
  /** The global meter provider's reader (collect on demand). */
  metricReader: OnDemandMetricReader;
  diagMessages: string[];
  /** Ended spans. */
  spans(): ReadableSpan[];
  /** The one ended span with this name. */
  span(name: string): ReadableSpan;
  /** Names of spans started but not ended. */
  openSpanNames(): string[];
  /** Throws unless the named span started and has ended exactly once. */
  expectEndedOnce(name: string): ReadableSpan;
  /** Throws unless the named span started and has not ended yet. */
  expectOpen(name: string): void;
}

/** Installs one provider for the test file; resets and checks (no double end, no diag errors) around each test. */
export function useTracingHarness(options: { readBaggage?: boolean } = {}): Harness {
  const counter = new EndCounter();
  const { metricReader } = installGlobalTestTelemetry({
    spanProcessors: [new TraceAttributesSpanProcessor({ readBaggage: options.readBaggage }), counter],
    propagator: new W3CBaggagePropagator(),
  });
  const diagMessages = recordDiagMessages();

  beforeEach(() => {
    counter.reset();
    diagMessages.length = 0;
  });
  afterEach(() => {
    for (const [id, count] of counter.endCounts) expect(count, `span ${id} ended ${count} times`).toBe(1);
    expect(diagMessages.filter((message) => /end\(\) on a span once|ended Span/i.test(message))).toEqual([]);
  });

  const spanName = (id: string) => counter.started.get(id)?.name ?? id;
  const harness: Harness = {
    counter,
    metricReader,
    diagMessages,
    spans: () => [...counter.ended],
    span(name) {
      const matches = counter.ended.filter((span) => span.name === name);
      expect(
        matches.map((span) => span.name),
        `ended spans named ${name}`,
      ).toEqual([name]);
      return matches[0] as ReadableSpan;
    },
    openSpanNames: () =>
      [...counter.started.keys()].filter((id) => !counter.endCounts.has(id)).map((id) => spanName(id)),
    expectEndedOnce(name) {
      const ids = [...counter.started.values()]
        .filter((span) => span.name === name)
        .map((s) => s.spanContext().spanId);
      expect(ids.length, `spans started named ${name}`).toBe(1);
      expect(counter.endCounts.get(ids[0] as string) ?? 0, `ends of ${name}`).toBe(1);
      return harness.span(name);
    },
    expectOpen(name) {
      const ids = [...counter.started.values()]
        .filter((span) => span.name === name)
        .map((s) => s.spanContext().spanId);
      expect(ids.length, `spans started named ${name}`).toBe(1);
      expect(counter.endCounts.get(ids[0] as string) ?? 0, `ends of ${name} while its work is pending`).toBe(
        0,
      );
    },
  };
  return harness;
}

/** A promise with its resolve/reject exposed, to hold work open while a test looks at the span. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
