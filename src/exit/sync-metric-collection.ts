import { diag, type HrTime } from '@opentelemetry/api';
import type { MetricData, MetricProducer, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';

/**
 * The parts of the SDK's per-reader `MetricCollector` (the `MetricProducer` a `MeterProvider`
 * hands each reader) that a synchronous collection needs. Not public API: checked shape by shape
 * at run time, and pinned by test/exit/sync-metric-collection.test.ts against the SDK we depend on.
 */
interface CollectorInternals {
  _sharedState: {
    resource: ResourceMetrics['resource'];
    meterSharedStates: Map<unknown, MeterStateInternals>;
  };
}

interface MeterStateInternals {
  _instrumentationScope: ScopeMetrics['scope'];
  metricStorageRegistry: {
    getStorages(
      collector: unknown,
    ): Array<{ collect(collector: unknown, time: HrTime): MetricData | undefined }>;
  };
}

/**
 * Collects what a reader would export now, without awaiting anything: for the `exit` event, where
 * no promise settles any more. The SDK's own `collect()` is asynchronous only because it first
 * awaits the observable instruments' callbacks; the synchronous instruments (the GenAI token,
 * cost and duration metrics) are read from their storages synchronously. Observable instruments
 * report what they last observed. Returns `undefined` when the SDK's internals have changed shape.
 */
export function collectMetricsSynchronously(producer: MetricProducer): ResourceMetrics | undefined {
  const collector = producer as unknown as Partial<CollectorInternals>;
  const shared = collector._sharedState;
  if (!shared || !(shared.meterSharedStates instanceof Map)) {
    diag.debug('genai-otel: this @opentelemetry/sdk-metrics cannot be collected synchronously at exit');
    return undefined;
  }
  const nowMillis = Date.now();
  const collectionTime: HrTime = [Math.trunc(nowMillis / 1000), (nowMillis % 1000) * 1e6];
  const scopeMetrics: ScopeMetrics[] = [];
  for (const meterState of shared.meterSharedStates.values()) {
    const storages = meterState.metricStorageRegistry?.getStorages?.(producer);
    if (!storages) return undefined;
    const metrics: MetricData[] = [];
    for (const storage of storages) {
      const data = storage.collect(producer, collectionTime);
      if (data) metrics.push(data);
    }
    if (metrics.length > 0) scopeMetrics.push({ scope: meterState._instrumentationScope, metrics });
  }
  return { resource: shared.resource, scopeMetrics };
}
