import type { Attributes } from '../model';
import { OtlpFormatError } from './otlp-format-error';
import { asObject, nanosToMillis, readAttributes, readList, readNanos } from './otlp-values';

/** One data point of a GenAI metric, as the store keeps it. */
export interface MetricPointRecord {
  name: string;
  unit: string;
  type: 'gauge' | 'sum' | 'histogram';
  timeMs: number;
  serviceName: string;
  attributes: Attributes;
  /** Gauge and sum points. */
  value?: number;
  /** Histogram points. */
  count?: number;
  sum?: number;
}

/** Metric names the viewer keeps: the GenAI conventions' and genai-otel's own (cost). */
const KEPT_METRIC_PREFIXES = ['gen_ai.', 'genai_otel.'];

/**
 * Reads an `ExportMetricsServiceRequest` and returns the data points of GenAI metrics; every other
 * metric is read (so a malformed one still answers 400) and counted, but not kept.
 */
export function metricPointsFromRequest(request: unknown): { points: MetricPointRecord[]; total: number } {
  const points: MetricPointRecord[] = [];
  let total = 0;
  try {
    const body = asObject(request, 'the request body');
    for (const resourceMetricsValue of readList(body, 'resourceMetrics', 'request')) {
      const resourceMetrics = asObject(resourceMetricsValue, 'resourceMetrics[]');
      const resource = readAttributes(
        (resourceMetrics.resource as Record<string, unknown> | undefined)?.attributes,
      );
      const serviceName =
        typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service';
      for (const scopeMetricsValue of readList(resourceMetrics, 'scopeMetrics', 'resourceMetrics[]')) {
        const scopeMetrics = asObject(scopeMetricsValue, 'scopeMetrics[]');
        for (const metricValue of readList(scopeMetrics, 'metrics', 'scopeMetrics[]')) {
          const metric = asObject(metricValue, 'metrics[]');
          const name = typeof metric.name === 'string' ? metric.name : '';
          const unit = typeof metric.unit === 'string' ? metric.unit : '';
          const kept = KEPT_METRIC_PREFIXES.some((prefix) => name.startsWith(prefix));
          for (const type of ['gauge', 'sum', 'histogram'] as const) {
            if (metric[type] === undefined || metric[type] === null) continue;
            const data = asObject(metric[type], `metrics[${name}].${type}`);
            for (const pointValue of readList(data, 'dataPoints', `metrics[${name}].${type}`)) {
              const point = asObject(pointValue, `metrics[${name}].dataPoints[]`);
              total++;
              if (!kept) continue;
              const record: MetricPointRecord = {
                name,
                unit,
                type,
                timeMs: nanosToMillis(readNanos(point.timeUnixNano)),
                serviceName,
                attributes: readAttributes(point.attributes),
              };
              if (type === 'histogram') {
                record.count = Number(point.count ?? 0);
                if (point.sum !== undefined) record.sum = Number(point.sum);
              } else {
                record.value = Number(point.asDouble ?? point.asInt ?? 0);
              }
              points.push(record);
            }
          }
        }
      }
    }
  } catch (error) {
    if (error instanceof TypeError)
      throw new OtlpFormatError(`malformed OTLP metrics request: ${error.message}`);
    throw error;
  }
  return { points, total };
}

/**
 * Reads an `ExportLogsServiceRequest` far enough to know it is one and how many records it holds.
 * The viewer does not keep logs (genai-otel records GenAI content on spans); see docs/viewer.md.
 */
export function countLogRecords(request: unknown): number {
  let total = 0;
  try {
    const body = asObject(request, 'the request body');
    for (const resourceLogsValue of readList(body, 'resourceLogs', 'request')) {
      const resourceLogs = asObject(resourceLogsValue, 'resourceLogs[]');
      for (const scopeLogsValue of readList(resourceLogs, 'scopeLogs', 'resourceLogs[]')) {
        total += readList(asObject(scopeLogsValue, 'scopeLogs[]'), 'logRecords', 'scopeLogs[]').length;
      }
    }
  } catch (error) {
    if (error instanceof TypeError)
      throw new OtlpFormatError(`malformed OTLP logs request: ${error.message}`);
    throw error;
  }
  return total;
}
