/**
 * One OpenTelemetry setup shared by every variant of a run: the AsyncLocalStorage context
 * manager, a TracerProvider whose only processor counts ended spans and keeps the last one per
 * instrumentation scope (so the pipeline costs every variant the same, and nearly nothing), and
 * a MeterProvider with a reader, so instrumentations that record metrics pay for it as they do
 * in production.
 */
import { rootRequire } from './paths.mjs';

const api = rootRequire('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = rootRequire('@opentelemetry/context-async-hooks');
const { TracerProvider } = rootRequire('@opentelemetry/sdk-trace');
const { MeterProvider, MetricReader, AggregationTemporality } = rootRequire('@opentelemetry/sdk-metrics');

class LastSpanPerScope {
  constructor() {
    this.ended = 0;
    this.last = new Map();
  }
  onStart() {}
  onEnd(span) {
    this.ended++;
    this.lastEnded = span;
    this.last.set(span.instrumentationScope.name, span);
  }
  forceFlush() {
    return Promise.resolve();
  }
  shutdown() {
    return Promise.resolve();
  }
}

class NeverCollectedReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  async onForceFlush() {}
  async onShutdown() {}
}

/** Registers the global providers; call before any instrumentation is constructed. */
export function installTelemetry() {
  const spans = new LastSpanPerScope();
  const tracerProvider = new TracerProvider({ spanProcessors: [spans] });
  const meterProvider = new MeterProvider({ readers: [new NeverCollectedReader()] });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(tracerProvider);
  api.metrics.setGlobalMeterProvider(meterProvider);
  return { api, spans, tracerProvider, meterProvider };
}
