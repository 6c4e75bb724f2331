/**
 * One in-process OpenTelemetry setup for the event tests: a global TracerProvider with genai-otel's
 * event processor and an in-memory exporter, an on-demand MeterProvider, the async context
 * manager, and a diag logger whose messages the tests can read.
 */
import { DataPointType, type SumMetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { GenAIEventSpanProcessor } from '../../src/events/event-span-processor';
import type { GenAIEvent } from '../../src/events/event-types';
import { onEvent } from '../../src/events/subscriptions';
import { installGlobalTestTelemetry } from './global-test-telemetry';
import { recordDiagMessages } from './record-diag-messages';

export const { spanExporter, tracerProvider, metricReader, meterProvider } = installGlobalTestTelemetry([
  new GenAIEventSpanProcessor(),
]);
export const diagMessages = recordDiagMessages();

export function finishedSpans(): ReadableSpan[] {
  return spanExporter.getFinishedSpans();
}

export function spanNamed(name: string): ReadableSpan {
  const matches = finishedSpans().filter((span) => span.name === name);
  if (matches.length !== 1) throw new Error(`expected one span named ${name}, got ${matches.length}`);
  return matches[0] as ReadableSpan;
}

export function reset(): void {
  spanExporter.reset();
  diagMessages.length = 0;
}

/** Subscribes a recorder to `filter`; returns the list it fills and its unsubscribe. */
export function recordEvents(filter: Parameters<typeof onEvent>[0] = '*'): {
  received: GenAIEvent[];
  stop: () => void;
} {
  const received: GenAIEvent[] = [];
  const stop = onEvent(filter, (event) => {
    received.push(event);
  });
  return { received, stop };
}

/** Sum of a counter's data points. */
export async function counterTotal(name: string): Promise<number | undefined> {
  const { resourceMetrics } = await metricReader.collect();
  let total: number | undefined;
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name || metric.dataPointType !== DataPointType.SUM) continue;
      for (const point of (metric as SumMetricData).dataPoints)
        total = (total ?? 0) + (point.value as number);
    }
  }
  return total;
}

export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}
