import {
  type Attributes,
  type Counter,
  createNoopMeter,
  diag,
  type Meter,
  type MeterProvider,
  metrics,
} from '@opentelemetry/api';

/** The OpenTelemetry SDK self-observability counter the batch span processor reports to. */
const PROCESSED_SPANS_METRIC = 'otel.sdk.processor.span.processed';
const REPORT_INTERVAL_MILLIS = 10_000;
const FIRST_REPORT_DELAY_MILLIS = 1_000;

/** Spans the batch processors finished with, by outcome. */
export interface SpanDeliveryCounts {
  /** Handed to the exporter and accepted by the backend. */
  exported: number;
  /** Dropped because the queue was full (a burst larger than the queue, or a slow backend). */
  droppedQueueFull: number;
  /** Lost because the export failed (backend down, refusing, timing out, answering 4xx/5xx). */
  droppedExportFailed: number;
}

/**
 * Counts and reports every span the batch span processors lose. The SDK's processor drops spans
 * on a full queue or a failed export with at most a debug line; this reporter is handed to it as
 * its self-observability meter provider (a public option), so it sees the SDK's own
 * `otel.sdk.processor.span.processed` counts, and:
 * - warns through `diag` a second after the first loss, then at most every 10 s with the new ones;
 * - forwards the counter to the global meter provider, so the losses reach the metrics backend.
 */
export class SpanLossReporter {
  readonly counts: SpanDeliveryCounts = { exported: 0, droppedQueueFull: 0, droppedExportFailed: 0 };
  readonly meterProvider: MeterProvider;
  private reported = { droppedQueueFull: 0, droppedExportFailed: 0 };
  private reportTimer: ReturnType<typeof setTimeout> | undefined;
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private forwardTo: { provider: MeterProvider; counter: Counter } | undefined;

  constructor() {
    const noopMeter = createNoopMeter();
    const meter: Meter = Object.create(noopMeter);
    meter.createCounter = (name, options) => {
      if (name !== PROCESSED_SPANS_METRIC) return noopMeter.createCounter(name, options);
      return { add: (value, attributes) => this.record(value, attributes ?? {}) } as Counter;
    };
    this.meterProvider = { getMeter: () => meter };
  }

  /** Total spans lost so far. */
  get dropped(): number {
    return this.counts.droppedQueueFull + this.counts.droppedExportFailed;
  }

  /** Reports losses not reported yet, now (at shutdown and exit). */
  flushReport(): void {
    clearTimeout(this.reportTimer);
    this.reportTimer = undefined;
    const newQueueFull = this.counts.droppedQueueFull - this.reported.droppedQueueFull;
    const newFailed = this.counts.droppedExportFailed - this.reported.droppedExportFailed;
    if (newQueueFull + newFailed === 0) return;
    this.reported = {
      droppedQueueFull: this.counts.droppedQueueFull,
      droppedExportFailed: this.counts.droppedExportFailed,
    };
    this.lastReportAt = Date.now();
    diag.warn(
      `genai-otel: ${newQueueFull + newFailed} spans were not delivered (queue full: ${newQueueFull}, ` +
        `export failed: ${newFailed}); ${this.dropped} lost since start. ` +
        'Check the OTLP endpoint, or raise OTEL_BSP_MAX_QUEUE_SIZE for larger bursts.',
    );
  }

  private record(value: number, attributes: Attributes): void {
    try {
      const errorType = attributes['error.type'];
      if (errorType === undefined) this.counts.exported += value;
      else if (errorType === 'queue_full') this.counts.droppedQueueFull += value;
      else this.counts.droppedExportFailed += value;
      this.forward(value, attributes);
      if (errorType !== undefined) this.scheduleReport();
    } catch (error) {
      diag.debug('genai-otel: could not count a span outcome', error);
    }
  }

  private scheduleReport(): void {
    if (this.reportTimer) return;
    // A short wait even for the first loss, so a burst of drops is reported as one line.
    const wait = Math.max(FIRST_REPORT_DELAY_MILLIS, this.lastReportAt + REPORT_INTERVAL_MILLIS - Date.now());
    this.reportTimer = setTimeout(() => this.flushReport(), wait);
    this.reportTimer.unref?.();
  }

  /** The global meter provider may be registered after the trace pipeline, so look it up late. */
  private forward(value: number, attributes: Attributes): void {
    const provider = metrics.getMeterProvider();
    if (this.forwardTo?.provider !== provider) {
      const counter = provider.getMeter('genai-otel').createCounter(PROCESSED_SPANS_METRIC, {
        unit: '{span}',
        description: 'Spans the batch span processor finished with; error.type is set on the ones lost.',
      });
      this.forwardTo = { provider, counter };
    }
    this.forwardTo.counter.add(value, attributes);
  }
}
