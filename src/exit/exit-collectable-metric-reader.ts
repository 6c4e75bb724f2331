import { diag } from '@opentelemetry/api';
import type {
  MetricProducer,
  PeriodicExportingMetricReader,
  PeriodicExportingMetricReaderOptions,
  PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { collectMetricsSynchronously } from './sync-metric-collection';

/**
 * The periodic reader genai-otel gives each of its metric exporters, able to hand its current
 * metrics to the exporter synchronously when the process exits (`process.exit()`, a crash): the
 * SDK's collection is asynchronous and would never complete there, losing the token and cost
 * metrics of a batch job that ends with `process.exit()`.
 */
export interface ExitCollectableMetricReader extends PeriodicExportingMetricReader {
  /**
   * Collects and exports without awaiting: an exit-safe exporter serializes the batch for the
   * blocking post that follows, the console exporter prints it.
   */
  exportSynchronously(): void;
}

type ReaderClass = new (options: PeriodicExportingMetricReaderOptions) => ExitCollectableMetricReader;
let readerClass: ReaderClass | undefined;

/** Creates the reader; the metrics SDK it extends is loaded with the first one. */
export function createExitCollectableMetricReader(
  options: PeriodicExportingMetricReaderOptions,
): ExitCollectableMetricReader {
  readerClass ??= defineReaderClass();
  return new readerClass(options);
}

function defineReaderClass(): ReaderClass {
  const sdk = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  return class extends sdk.PeriodicExportingMetricReader implements ExitCollectableMetricReader {
    private producer: MetricProducer | undefined;
    private readonly exporter: PushMetricExporter;

    constructor(options: PeriodicExportingMetricReaderOptions) {
      super(options);
      this.exporter = options.exporter;
    }

    override setMetricProducer(metricProducer: MetricProducer): void {
      super.setMetricProducer(metricProducer);
      this.producer = metricProducer;
    }

    exportSynchronously(): void {
      if (!this.producer) return;
      const resourceMetrics = collectMetricsSynchronously(this.producer);
      if (!resourceMetrics || resourceMetrics.scopeMetrics.length === 0) return;
      this.exporter.export(resourceMetrics, (result) => {
        if (result.error) diag.debug('genai-otel: exporting metrics at exit failed', result.error);
      });
    }
  };
}
