import { AggregationTemporality, MetricReader } from '@opentelemetry/sdk-metrics';

/** A metric reader that exports nothing by itself: tests call `collect()` when they want to look. */
export class OnDemandMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}
