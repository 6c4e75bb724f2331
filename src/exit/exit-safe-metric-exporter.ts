import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExitSafeExporter } from './exit-safe-exporter';

type Transformer = typeof import('@opentelemetry/otlp-transformer');

/**
 * {@link ExitSafeExporter} for metrics, keeping the wrapped exporter's temporality and aggregation
 * choices; `createExporter` runs on the first export or choice (the first instrument created).
 */
export class ExitSafeMetricExporter extends ExitSafeExporter<ResourceMetrics> implements PushMetricExporter {
  constructor(createExporter: () => PushMetricExporter, otlp: OtlpSignalConfig, exitTimeoutMillis: number) {
    super(
      createExporter,
      (metrics) => {
        // Loaded with the first batch serialized at exit, not at start-up.
        const transformer = require('@opentelemetry/otlp-transformer') as Transformer;
        const serializer =
          otlp.protocol === 'http/json'
            ? transformer.JsonMetricsSerializer
            : transformer.ProtobufMetricsSerializer;
        return serializer.serializeRequest(metrics);
      },
      otlp,
      exitTimeoutMillis,
      'metrics',
    );
  }

  private get metricExporter(): PushMetricExporter {
    return this.delegate as PushMetricExporter;
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    // The OTLP exporters always implement both selectors.
    return this.metricExporter.selectAggregationTemporality?.(instrumentType) as AggregationTemporality;
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.metricExporter.selectAggregation?.(instrumentType) as AggregationOption;
  }
}
