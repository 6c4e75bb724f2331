import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { expect, it } from 'vitest';
import { collectMetricsSynchronously } from '../../src/exit/sync-metric-collection';

/**
 * The exit path reads the SDK's metric storages without awaiting (src/exit/sync-metric-collection.ts
 * reaches into SDK internals); this pins that it sees exactly what the SDK's own collect() sees,
 * so an SDK upgrade that changes those internals fails here, not silently at users' exits.
 */
class ManualReader extends MetricReader {
  producer: Parameters<MetricReader['setMetricProducer']>[0] | undefined;
  override setMetricProducer(producer: Parameters<MetricReader['setMetricProducer']>[0]): void {
    super.setMetricProducer(producer);
    this.producer = producer;
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

it('collects the same synchronous instruments, synchronously, as the SDK collects asynchronously', async () => {
  const syncReader = new ManualReader();
  const asyncReader = new ManualReader();
  const provider = new MeterProvider({ readers: [syncReader, asyncReader] });
  const meter = provider.getMeter('exit-test');
  const tokens = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}' });
  const cost = meter.createCounter('genai_otel.client.cost', { unit: 'USD' });
  tokens.record(22, { 'gen_ai.token.type': 'input' });
  tokens.record(4, { 'gen_ai.token.type': 'output' });
  cost.add(0.0004, { 'gen_ai.request.model': 'gpt-4o-mini' });

  const collected = collectMetricsSynchronously(syncReader.producer as NonNullable<ManualReader['producer']>);
  const { resourceMetrics: expected } = await asyncReader.collect();

  const summary = (metrics: typeof expected | undefined) =>
    metrics?.scopeMetrics.flatMap((scope) =>
      scope.metrics.map((metric) => ({
        scope: scope.scope.name,
        name: metric.descriptor.name,
        points: metric.dataPoints.map((point) => ({ attributes: point.attributes, value: point.value })),
      })),
    );
  expect(summary(collected)).toEqual(summary(expected));
  expect(summary(collected)?.map((metric) => metric.name)).toEqual([
    'gen_ai.client.token.usage',
    'genai_otel.client.cost',
  ]);
  expect(collected?.resource).toBe(expected.resource);
  await provider.shutdown();
});

it('returns nothing, without throwing, for a producer that is not the SDK collector', () => {
  expect(collectMetricsSynchronously({ collect: () => Promise.reject(new Error('unused')) })).toBeUndefined();
});
