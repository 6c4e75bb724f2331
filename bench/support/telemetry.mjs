/**
 * The OpenTelemetry setups of a call case, in one process:
 *
 * - genai-otel's own: `register()` as users run it (its span processors, a batch processor, its
 *   meter provider), with the exporters swapped for a no-op span exporter and a metric reader that
 *   is never collected, so that nothing is sent and nothing else differs;
 * - the bench's: the tracer and meter providers the limit and the peers get, as an app with the
 *   OpenTelemetry SDK would give them (a batch processor with the same no-op exporter, a meter
 *   provider with a reader: instrumentations that record metrics pay for it, as in production).
 *
 * Both providers also pass ended spans to one counting processor, which keeps the last span per
 * instrumentation scope: the case checks every variant really produced its span.
 */
import { rootRequire } from './paths.mjs';

const api = rootRequire('@opentelemetry/api');
const { TracerProvider, BatchSpanProcessor } = rootRequire('@opentelemetry/sdk-trace');
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

/** A span exporter that accepts every batch and keeps nothing. */
export const dropEverything = {
  export(_spans, resultCallback) {
    resultCallback({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
};

/**
 * Runs `register()` (which sets the global providers and the context manager) and builds the
 * bench's own providers next to it. Call it once every SDK copy that genai-otel must NOT patch is
 * loaded and dropped from the require cache; copies required afterwards are genai-otel's.
 */
export function installTelemetry() {
  const spans = new LastSpanPerScope();
  const { register } = rootRequire('genai-otel');
  const handle = register({
    traceExporters: ['none'],
    metricExporters: ['none'],
    spanExporters: [dropEverything],
    spanProcessors: [spans],
    metricReaders: [new NeverCollectedReader()],
    flushOnExit: false,
    logLevel: 'error',
  });
  // The SDK's provider has forceFlush; the API's no-op one does not. (Its class name is no proof:
  // sdk-trace's ESM build, which genai-otel's bundle takes, names the class `TracerProvider$1`.)
  if (typeof api.trace.getTracerProvider().getDelegate?.()?.forceFlush !== 'function')
    throw new Error('register() did not install its tracer provider');
  const tracerProvider = new TracerProvider({
    spanProcessors: [spans, new BatchSpanProcessor({ exporter: dropEverything })],
  });
  const meterProvider = new MeterProvider({ readers: [new NeverCollectedReader()] });
  return { api, spans, handle, tracerProvider, meterProvider };
}

/** A meter provider whose meters record nothing (an instrumentation given no metrics setup). */
export const noopMeterProvider = { getMeter: () => api.createNoopMeter() };

/**
 * For the cases that compare genai-otel's API with raw OpenTelemetry on one pipeline (manual API,
 * @google/genai): the bench's providers and an AsyncLocalStorage context manager as the globals,
 * no `register()`.
 */
export function installSharedGlobals() {
  const { AsyncLocalStorageContextManager } = rootRequire('@opentelemetry/context-async-hooks');
  const spans = new LastSpanPerScope();
  const tracerProvider = new TracerProvider({ spanProcessors: [spans] });
  const meterProvider = new MeterProvider({ readers: [new NeverCollectedReader()] });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(tracerProvider);
  api.metrics.setGlobalMeterProvider(meterProvider);
  return { api, spans, tracerProvider, meterProvider };
}
