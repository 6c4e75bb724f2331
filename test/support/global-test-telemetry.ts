import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { OnDemandMetricReader } from './on-demand-metric-reader';

export interface GlobalTestTelemetry {
  spanExporter: InMemorySpanExporter;
  tracerProvider: TracerProvider;
  metricReader: OnDemandMetricReader;
  meterProvider: MeterProvider;
}

/**
 * Installs one in-process OpenTelemetry setup as the global one: a TracerProvider exporting to
 * memory (after `spanProcessorsFirst`, e.g. a processor under test), a MeterProvider read on
 * demand, and the AsyncLocalStorage context manager.
 */
export function installGlobalTestTelemetry(spanProcessorsFirst: SpanProcessor[] = []): GlobalTestTelemetry {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [...spanProcessorsFirst, new SimpleSpanProcessor({ exporter: spanExporter })],
  });
  const metricReader = new OnDemandMetricReader();
  const meterProvider = new MeterProvider({ readers: [metricReader] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return { spanExporter, tracerProvider, metricReader, meterProvider };
}
