/**
 * One in-process OpenTelemetry setup for the event tests: a global TracerProvider with genai-otel's
 * event processor and an in-memory exporter, an on-demand MeterProvider, the async context
 * manager, and a diag logger whose messages the tests can read.
 */
import { context, type DiagLogger, DiagLogLevel, diag, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { GenAIEventSpanProcessor } from '../../../src/events/event-span-processor';
import type { GenAIEvent } from '../../../src/events/event-types';
import { onEvent } from '../../../src/events/subscriptions';

class OnDemandMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export const spanExporter = new InMemorySpanExporter();
export const tracerProvider = new TracerProvider({
  spanProcessors: [new GenAIEventSpanProcessor(), new SimpleSpanProcessor({ exporter: spanExporter })],
});
export const metricReader = new OnDemandMetricReader();
export const meterProvider = new MeterProvider({ readers: [metricReader] });
export const diagMessages: string[] = [];

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(tracerProvider);
metrics.setGlobalMeterProvider(meterProvider);
const record =
  (level: string) =>
  (message: string, ...args: unknown[]) => {
    diagMessages.push(
      `${level}: ${message} ${args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ')}`,
    );
  };
const logger: DiagLogger = {
  error: record('error'),
  warn: record('warn'),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};
diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });

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
