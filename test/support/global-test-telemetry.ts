import {
  type ContextManager,
  context,
  metrics,
  propagation,
  type TextMapPropagator,
  trace,
} from '@opentelemetry/api';
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

export interface GlobalTestTelemetryOptions {
  /** Span processors that see spans before the in-memory exporter (e.g. a processor under test). */
  spanProcessors?: SpanProcessor[];
  /** Default: the AsyncLocalStorage context manager. */
  contextManager?: ContextManager;
  /** Installed as the global propagator when given. */
  propagator?: TextMapPropagator;
}

/**
 * THE in-process OpenTelemetry setup of the test suite, installed once per test file as the
 * global one: a TracerProvider exporting to memory (after `spanProcessors`), a MeterProvider read
 * on demand, a context manager and optionally a propagator. Every in-process harness
 * (tracing-harness, context-harness, event-harness, instrumentation-telemetry) builds on it and
 * resets what it reads between tests.
 */
export function installGlobalTestTelemetry(
  options: GlobalTestTelemetryOptions | SpanProcessor[] = {},
): GlobalTestTelemetry {
  const settings = Array.isArray(options) ? { spanProcessors: options } : options;
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [...(settings.spanProcessors ?? []), new SimpleSpanProcessor({ exporter: spanExporter })],
  });
  const metricReader = new OnDemandMetricReader();
  const meterProvider = new MeterProvider({ readers: [metricReader] });
  context.setGlobalContextManager(
    (settings.contextManager ?? new AsyncLocalStorageContextManager()).enable(),
  );
  if (settings.propagator !== undefined) propagation.setGlobalPropagator(settings.propagator);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return { spanExporter, tracerProvider, metricReader, meterProvider };
}
