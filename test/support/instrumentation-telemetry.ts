/**
 * One in-process OpenTelemetry setup shared by the openai tests of a file: a global
 * TracerProvider with an in-memory span exporter, a MeterProvider whose metrics are collected on
 * demand, and the AsyncLocalStorage context manager. Reset between tests with `resetTelemetry()`.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  DataPointType,
  type HistogramMetricData,
  MeterProvider,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { installGlobalTestTelemetry } from './global-test-telemetry';
import { OnDemandMetricReader } from './on-demand-metric-reader';

const installed = installGlobalTestTelemetry();
export const spanExporter = installed.spanExporter;
export const tracerProvider = installed.tracerProvider;
let metricReader = installed.metricReader;
export let meterProvider = installed.meterProvider;

/** Finished spans, oldest first. */
export function finishedSpans(): ReadableSpan[] {
  return spanExporter.getFinishedSpans();
}

/** The only finished span; fails the test if there is not exactly one. */
export function onlySpan(): ReadableSpan {
  const spans = finishedSpans();
  if (spans.length !== 1) {
    throw new Error(
      `expected exactly one finished span, got ${spans.length}: ${spans.map((s) => s.name).join(', ')}`,
    );
  }
  return spans[0] as ReadableSpan;
}

/** Clears spans and starts a fresh MeterProvider (so histograms start empty). */
export function resetTelemetry(
  instrumentations: Array<{ setMeterProvider(provider: MeterProvider): void }> = [],
): void {
  spanExporter.reset();
  metricReader = new OnDemandMetricReader();
  meterProvider = new MeterProvider({ readers: [metricReader] });
  for (const instrumentation of instrumentations) instrumentation.setMeterProvider(meterProvider);
}

export interface HistogramPoint {
  attributes: Attributes;
  count: number;
  sum: number;
  boundaries: number[];
}

/** Data points of a histogram by name (empty when it was never recorded). */
export async function histogram(name: string): Promise<HistogramPoint[]> {
  const { resourceMetrics } = await metricReader.collect();
  const points: HistogramPoint[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name || metric.dataPointType !== DataPointType.HISTOGRAM) continue;
      for (const point of (metric as HistogramMetricData).dataPoints) {
        points.push({
          attributes: point.attributes,
          count: point.value.count,
          sum: point.value.sum ?? 0,
          boundaries: point.value.buckets.boundaries,
        });
      }
    }
  }
  return points;
}

/** Everything the metric reader holds now (for checks over all metrics, e.g. test/conformance). */
export async function collectMetrics(): Promise<ResourceMetrics> {
  return (await metricReader.collect()).resourceMetrics;
}

/** Parses a JSON string attribute (content capture). */
export function jsonAttribute(span: ReadableSpan, key: string): unknown {
  const value = span.attributes[key];
  if (typeof value !== 'string') throw new Error(`attribute ${key} is ${String(value)}, not a JSON string`);
  return JSON.parse(value);
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
