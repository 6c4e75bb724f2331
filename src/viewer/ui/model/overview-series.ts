import type { OverviewBucket } from '../api/api-types';

/** Lines to chart: x values (bucket starts) and one y array per series, aligned with them. */
export interface SeriesSet {
  timesMs: number[];
  series: Array<{ label: string; values: Array<number | null> }>;
}

export type GroupBy = 'model' | 'provider';

/**
 * Every bucket start from `sinceMs` to `untilMs`, as the store lays them out when the query has a
 * `since` (`since + k × bucketMs`), so a chart spans the whole chosen range and quiet buckets show as 0.
 */
export function bucketTimeline(sinceMs: number, untilMs: number, bucketMs: number): number[] {
  const times: number[] = [];
  if (!(bucketMs > 0) || untilMs < sinceMs) return times;
  for (let time = sinceMs; time <= untilMs; time += bucketMs) times.push(time);
  return times;
}

/** How many distinct lines a chart draws at most; the rest add up in "other". */
const MAX_SERIES = 8;

/**
 * A quantity summed per bucket start and group (model or provider): tokens, cost. Buckets with no
 * calls count 0. Groups beyond the largest {@link MAX_SERIES} are summed into "other".
 */
export function summedByGroup(
  buckets: readonly OverviewBucket[],
  groupBy: GroupBy,
  quantity: (bucket: OverviewBucket) => number,
  timeline: readonly number[] = [],
): SeriesSet {
  const timesMs = bucketTimes(buckets, timeline);
  const index = new Map(timesMs.map((time, position) => [time, position]));
  const totals = new Map<string, number>();
  for (const bucket of buckets) {
    const key = groupOf(bucket, groupBy);
    totals.set(key, (totals.get(key) ?? 0) + finite(quantity(bucket)));
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
  const shown = new Set(ranked.slice(0, MAX_SERIES));
  const lines = new Map<string, number[]>();
  for (const bucket of buckets) {
    const key = shown.has(groupOf(bucket, groupBy)) ? groupOf(bucket, groupBy) : 'other';
    let values = lines.get(key);
    if (!values) {
      values = timesMs.map(() => 0);
      lines.set(key, values);
    }
    const position = index.get(bucket.startMs) as number;
    values[position] = (values[position] ?? 0) + finite(quantity(bucket));
  }
  return {
    timesMs,
    series: [...lines.entries()]
      .sort(([a], [b]) => rank(ranked, a) - rank(ranked, b))
      .map(([label, values]) => ({ label, values })),
  };
}

/**
 * Latency percentiles over time across all groups. Percentiles of different groups cannot be
 * merged exactly; each is averaged weighted by calls, which is exact when one group is shown and
 * close when a bucket's groups have similar latencies.
 */
export function latencyPercentiles(
  buckets: readonly OverviewBucket[],
  timeline: readonly number[] = [],
): SeriesSet {
  const timesMs = bucketTimes(buckets, timeline);
  const pick = {
    p50: (bucket: OverviewBucket) => bucket.latencyP50Ms,
    p90: (bucket: OverviewBucket) => bucket.latencyP90Ms,
    p99: (bucket: OverviewBucket) => bucket.latencyP99Ms,
  };
  return {
    timesMs,
    series: Object.entries(pick).map(([label, value]) => ({
      label,
      values: timesMs.map((time) =>
        weightedMean(
          buckets.filter((bucket) => bucket.startMs === time),
          value,
        ),
      ),
    })),
  };
}

/** Median time to first chunk per group (streamed calls only); gaps where a group streamed nothing. */
export function timeToFirstChunk(
  buckets: readonly OverviewBucket[],
  groupBy: GroupBy,
  timeline: readonly number[] = [],
): SeriesSet {
  const timesMs = bucketTimes(buckets, timeline);
  const groups = [...new Set(buckets.filter((b) => b.ttftP50Ms !== null).map((b) => groupOf(b, groupBy)))]
    .sort()
    .slice(0, MAX_SERIES);
  return {
    timesMs,
    series: groups.map((group) => ({
      label: group,
      values: timesMs.map((time) =>
        weightedMean(
          buckets.filter((b) => b.startMs === time && groupOf(b, groupBy) === group && b.ttftP50Ms !== null),
          (b) => b.ttftP50Ms as number,
        ),
      ),
    })),
  };
}

/** Share of calls that failed, per bucket, in percent; gaps where there were no calls. */
export function errorRate(buckets: readonly OverviewBucket[], timeline: readonly number[] = []): SeriesSet {
  const timesMs = bucketTimes(buckets, timeline);
  return {
    timesMs,
    series: [
      {
        label: 'error rate',
        values: timesMs.map((time) => {
          let calls = 0;
          let errors = 0;
          for (const bucket of buckets) {
            if (bucket.startMs !== time) continue;
            calls += finite(bucket.calls);
            errors += finite(bucket.errors);
          }
          return calls > 0 ? (errors / calls) * 100 : null;
        }),
      },
    ],
  };
}

function bucketTimes(buckets: readonly OverviewBucket[], timeline: readonly number[]): number[] {
  const times = new Set(timeline);
  for (const bucket of buckets) if (Number.isFinite(bucket.startMs)) times.add(bucket.startMs);
  return [...times].sort((a, b) => a - b);
}

function groupOf(bucket: OverviewBucket, groupBy: GroupBy): string {
  const value = groupBy === 'model' ? bucket.model : bucket.provider;
  return typeof value === 'string' && value !== '' ? value : 'unknown';
}

function weightedMean(
  buckets: readonly OverviewBucket[],
  value: (bucket: OverviewBucket) => number,
): number | null {
  let weight = 0;
  let sum = 0;
  for (const bucket of buckets) {
    const calls = Math.max(finite(bucket.calls), 1);
    const amount = value(bucket);
    if (!Number.isFinite(amount)) continue;
    weight += calls;
    sum += amount * calls;
  }
  return weight > 0 ? sum / weight : null;
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function rank(ranked: string[], key: string): number {
  const position = ranked.indexOf(key);
  return position === -1 ? ranked.length : position;
}
