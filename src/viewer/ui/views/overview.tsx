import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorMessage, fetchOverview } from '../api/api-client';
import type { Overview as OverviewData, Percentiles } from '../api/api-types';
import { formatCost, formatCount, formatDuration } from '../format';
import { LiveContext } from '../live-context';
import {
  bucketTimeline,
  errorRate,
  type GroupBy,
  latencyPercentiles,
  summedByGroup,
  timeToFirstChunk,
} from '../model/overview-series';
import { navigate, pathWithQuery, sourceParam } from '../router';
import { TimeChart } from './time-chart';
import { TIME_RANGES } from './trace-filters';

/** About this many buckets per chart, whatever the range. */
const BUCKETS_PER_RANGE = 48;
/** Live events re-read the overview at most this often. */
const LIVE_REFRESH_MS = 5000;

const formatTokens = (value: number) => formatCount(value);
const formatUsd = (value: number) => formatCost(value);
const formatMs = (value: number) => formatDuration(value);
const formatPercent = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)}%`;

/** Tokens, cost, latency, error rate and TTFT over time, by model or provider. */
export function Overview({ source, query }: { source: string; query: URLSearchParams }) {
  const range = TIME_RANGES[query.get('range') ?? ''] ? (query.get('range') as string) : '24h';
  const groupBy: GroupBy = query.get('by') === 'provider' ? 'provider' : 'model';
  const live = useContext(LiveContext);
  const [data, setData] = useState<{
    overview?: OverviewData;
    /** The bucket starts of the range asked for: the charts' x axis. */
    timeline: number[];
    error?: string;
    loading: boolean;
  }>({ loading: true, timeline: [] });
  const readAt = useRef(0);

  useEffect(() => {
    const now = Date.now();
    if (live.version !== 0 && data.overview && now - readAt.current < LIVE_REFRESH_MS) return;
    readAt.current = now;
    const rangeMs = (TIME_RANGES[range] as { ms: number }).ms;
    const bucketMs = Math.max(10_000, Math.round(rangeMs / BUCKETS_PER_RANGE / 10_000) * 10_000);
    const abort = new AbortController();
    fetchOverview({ source, since: now - rangeMs, until: now, bucketMs }, abort.signal).then(
      (overview) =>
        setData({ overview, timeline: bucketTimeline(now - rangeMs, now, bucketMs), loading: false }),
      (error: unknown) => {
        if (!abort.signal.aborted) setData({ loading: false, timeline: [], error: errorMessage(error) });
      },
    );
    return () => abort.abort();
  }, [source, range, live.version]);

  const charts = useMemo(() => {
    const buckets = data.overview?.buckets ?? [];
    const timeline = data.timeline;
    return {
      tokens: summedByGroup(buckets, groupBy, (bucket) => bucket.inputTokens + bucket.outputTokens, timeline),
      cost: summedByGroup(buckets, groupBy, (bucket) => bucket.costUsd, timeline),
      latency: latencyPercentiles(buckets, timeline),
      errors: errorRate(buckets, timeline),
      ttft: timeToFirstChunk(buckets, groupBy, timeline),
    };
  }, [data, groupBy]);

  const setParam = (changes: Record<string, string>) =>
    navigate(pathWithQuery('/overview', { source: sourceParam(source), range, by: groupBy, ...changes }), {
      replace: true,
    });

  const totals = data.overview?.totals;
  return (
    <section class="overview" aria-label="Overview">
      <div class="overview-controls">
        <label>
          <span>Time</span>
          <select
            name="range"
            value={range}
            onChange={(event) => setParam({ range: event.currentTarget.value })}
          >
            {Object.entries(TIME_RANGES).map(([key, option]) => (
              <option key={key} value={key}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Group by</span>
          <select name="by" value={groupBy} onChange={(event) => setParam({ by: event.currentTarget.value })}>
            <option value="model">model</option>
            <option value="provider">provider</option>
          </select>
        </label>
      </div>
      {data.error && (
        <p class="notice error" role="alert">
          Could not load the overview: {data.error}
        </p>
      )}
      {totals && (
        <dl class="totals">
          <Total label="Model calls" value={formatCount(totals.calls)} />
          <Total
            label="Errors"
            value={`${formatCount(totals.errors)}${totals.calls > 0 ? ` (${formatPercent((totals.errors / totals.calls) * 100)})` : ''}`}
          />
          <Total label="Input tokens" value={formatCount(totals.inputTokens)} />
          <Total label="Output tokens" value={formatCount(totals.outputTokens)} />
          <Total label="Cost" value={formatCost(totals.costUsd)} />
          <Total label="Latency p50 / p90 / p99" value={percentiles(totals.latencyMs)} />
          <Total
            label="Time to first chunk p50 / p90 / p99"
            value={totals.ttftMs ? percentiles(totals.ttftMs) : '—'}
          />
        </dl>
      )}
      {data.overview && (
        <div class="charts">
          <TimeChart title={`Tokens by ${groupBy}`} formatValue={formatTokens} {...charts.tokens} />
          <TimeChart title={`Cost (USD) by ${groupBy}`} formatValue={formatUsd} {...charts.cost} />
          <TimeChart title="Latency percentiles" formatValue={formatMs} {...charts.latency} />
          <TimeChart title="Error rate" formatValue={formatPercent} {...charts.errors} />
          <TimeChart
            title={`Time to first chunk (p50) by ${groupBy}`}
            formatValue={formatMs}
            {...charts.ttft}
          />
        </div>
      )}
    </section>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <div class="total">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function percentiles(values: Percentiles): string {
  return `${formatDuration(values.p50)} / ${formatDuration(values.p90)} / ${formatDuration(values.p99)}`;
}
