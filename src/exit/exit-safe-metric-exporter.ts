import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExitSafeExporter } from './exit-safe-exporter';

/** {@link ExitSafeExporter} for metrics, keeping the wrapped exporter's temporality and aggregation choices. */
export class ExitSafeMetricExporter extends ExitSafeExporter<ResourceMetrics> implements PushMetricExporter {
  constructor(
    private readonly metricExporter: PushMetricExporter,
    otlp: OtlpSignalConfig,
    exitTimeoutMillis: number,
  ) {
    const serializer = otlp.protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
    super(
      metricExporter,
      (metrics) => serializer.serializeRequest(metrics),
      otlp,
      exitTimeoutMillis,
      'metrics',
    );
  }

  override forceFlush(): Promise<void> {
    return this.metricExporter.forceFlush();
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    // The OTLP exporters always implement both selectors.
    return this.metricExporter.selectAggregationTemporality?.(instrumentType) as AggregationTemporality;
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.metricExporter.selectAggregation?.(instrumentType) as AggregationOption;
  }
}
