import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Overview, OverviewBucket, OverviewQuery, Percentiles } from '../model';

interface InferenceRow {
  start_ms: number;
  duration_ms: number;
  model: string | null;
  provider: string | null;
  is_error: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  ttft_ms: number | null;
}

/** About this many buckets across the range when the caller does not choose a width. */
const TARGET_BUCKETS = 60;
const BUCKET_WIDTHS_MS = [
  1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000,
  86_400_000,
];

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

function percentiles(values: number[]): Percentiles {
  const sorted = values.sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99) };
}

interface BucketAccumulator {
  bucket: OverviewBucket;
  latencies: number[];
  ttfts: number[];
}

/**
 * Calls, errors, tokens, cost, latency and time to first chunk per time bucket, model and
 * provider, from the stored inference spans (one span per model call, so nothing is counted
 * twice; the GenAI metrics aggregate the same calls and are kept but not added in).
 */
export function overview(db: DatabaseSync, query: OverviewQuery): Overview {
  const conditions = ['operation IS NOT NULL'];
  const parameters: SQLInputValue[] = [];
  if (query.since !== undefined) {
    conditions.push('start_ms >= ?');
    parameters.push(query.since);
  }
  if (query.until !== undefined) {
    conditions.push('start_ms <= ?');
    parameters.push(query.until);
  }
  const rows = db
    .prepare(
      `SELECT start_ms, duration_ms, model, provider, is_error, input_tokens, output_tokens, cost_usd, ttft_ms
       FROM spans WHERE ${conditions.join(' AND ')} ORDER BY start_ms`,
    )
    .all(...parameters) as unknown as InferenceRow[];
  const first = rows[0]?.start_ms ?? query.since ?? Date.now();
  const last = rows.at(-1)?.start_ms ?? query.until ?? first;
  const rangeStart = query.since ?? first;
  const rangeEnd = query.until ?? last;
  const bucketMs =
    query.bucketMs !== undefined && query.bucketMs > 0
      ? query.bucketMs
      : (BUCKET_WIDTHS_MS.find((width) => (rangeEnd - rangeStart) / width <= TARGET_BUCKETS) ?? 86_400_000);

  // Buckets start at `since` when given, so the first bar covers the start of the chosen range.
  const bucketOrigin = query.since ?? 0;
  const accumulators = new Map<string, BucketAccumulator>();
  const allLatencies: number[] = [];
  const allTtfts: number[] = [];
  const totals = { calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  for (const row of rows) {
    const startMs = bucketOrigin + Math.floor((row.start_ms - bucketOrigin) / bucketMs) * bucketMs;
    const model = row.model ?? '';
    const provider = row.provider ?? '';
    const key = `${startMs}\u0000${model}\u0000${provider}`;
    let accumulator = accumulators.get(key);
    if (accumulator === undefined) {
      accumulator = {
        bucket: {
          startMs,
          model,
          provider,
          calls: 0,
          errors: 0,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          latencyP50Ms: 0,
          latencyP90Ms: 0,
          latencyP99Ms: 0,
          ttftP50Ms: null,
        },
        latencies: [],
        ttfts: [],
      };
      accumulators.set(key, accumulator);
    }
    const bucket = accumulator.bucket;
    bucket.calls++;
    bucket.errors += row.is_error;
    bucket.inputTokens += row.input_tokens ?? 0;
    bucket.outputTokens += row.output_tokens ?? 0;
    bucket.costUsd += row.cost_usd ?? 0;
    accumulator.latencies.push(row.duration_ms);
    allLatencies.push(row.duration_ms);
    if (row.ttft_ms !== null) {
      accumulator.ttfts.push(row.ttft_ms);
      allTtfts.push(row.ttft_ms);
    }
    totals.calls++;
    totals.errors += row.is_error;
    totals.inputTokens += row.input_tokens ?? 0;
    totals.outputTokens += row.output_tokens ?? 0;
    totals.costUsd += row.cost_usd ?? 0;
  }
  const buckets = [...accumulators.values()].map(({ bucket, latencies, ttfts }) => {
    const latency = percentiles(latencies);
    bucket.latencyP50Ms = latency.p50;
    bucket.latencyP90Ms = latency.p90;
    bucket.latencyP99Ms = latency.p99;
    bucket.ttftP50Ms = ttfts.length === 0 ? null : percentiles(ttfts).p50;
    return bucket;
  });
  return {
    buckets,
    totals: {
      ...totals,
      latencyMs: percentiles(allLatencies),
      ttftMs: allTtfts.length === 0 ? null : percentiles(allTtfts),
    },
  };
}
