import type { Attributes } from '@opentelemetry/api';
import { AggregationTemporality, type MetricData, MetricReader } from '@opentelemetry/sdk-metrics';

/** A metric reader a test collects from when it wants, cumulative. */
export class OnDemandMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}

  /** Every metric collected now, across scopes. */
  async metricsNamed(name: string): Promise<MetricData[]> {
    const { resourceMetrics } = await this.collect();
    return resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.descriptor.name === name);
  }

  /** The data points of a counter, as attribute sets and values. */
  async counterPoints(name: string): Promise<Array<{ attributes: Attributes; value: number }>> {
    return (await this.metricsNamed(name)).flatMap((metric) =>
      metric.dataPoints.map((point) => ({ attributes: point.attributes, value: point.value as number })),
    );
  }
}
