import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExitSafeExporter } from './exit-safe-exporter';
import { serializeOtlpRequest } from './otlp-request-serializer';

/**
 * {@link ExitSafeExporter} for metrics, keeping the wrapped exporter's temporality and aggregation
 * choices; `createExporter` runs on the first export or choice (the first instrument created).
 */
export class ExitSafeMetricExporter extends ExitSafeExporter<ResourceMetrics> implements PushMetricExporter {
  constructor(createExporter: () => PushMetricExporter, otlp: OtlpSignalConfig, exitTimeoutMillis: number) {
    super(
      createExporter,
      (metrics) => serializeOtlpRequest('metrics', otlp.protocol, metrics),
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
