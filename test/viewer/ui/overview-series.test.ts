import { describe, expect, it } from 'vitest';
import type { OverviewBucket } from '../../../src/viewer/ui/api/api-types';
import {
  bucketTimeline,
  errorRate,
  latencyPercentiles,
  summedByGroup,
  timeToFirstChunk,
} from '../../../src/viewer/ui/model/overview-series';

function bucket(startMs: number, model: string, values: Partial<OverviewBucket> = {}): OverviewBucket {
  return {
    startMs,
    model,
    provider: model.startsWith('claude') ? 'anthropic' : 'openai',
    calls: 1,
    errors: 0,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.001,
    latencyP50Ms: 100,
    latencyP90Ms: 200,
    latencyP99Ms: 300,
    ttftP50Ms: null,
    ...values,
  };
}

describe('overview series', () => {
  it('sums tokens per group on a timeline that covers the whole range, quiet buckets as 0', () => {
    const timeline = bucketTimeline(60_000, 240_000, 60_000);
    expect(timeline).toEqual([60_000, 120_000, 180_000, 240_000]);
    // The store starts buckets at `since`, wherever it falls.
    expect(bucketTimeline(1_500, 4_000, 1_000)).toEqual([1_500, 2_500, 3_500]);
    const set = summedByGroup(
      [
        bucket(120_000, 'gpt-4o-mini'),
        bucket(120_000, 'claude-sonnet-4', { inputTokens: 100 }),
        bucket(180_000, 'gpt-4o-mini'),
      ],
      'model',
      (b) => b.inputTokens + b.outputTokens,
      timeline,
    );
    expect(set.timesMs).toEqual(timeline);
    expect(set.series).toEqual([
      { label: 'claude-sonnet-4', values: [0, 105, 0, 0] },
      { label: 'gpt-4o-mini', values: [0, 15, 15, 0] },
    ]);
    expect(summedByGroup([bucket(0, 'a'), bucket(0, 'b')], 'provider', (b) => b.calls).series).toEqual([
      { label: 'openai', values: [2] },
    ]);
  });

  it('weights percentiles by calls, computes the error rate, and leaves gaps where nothing ran', () => {
    const buckets = [
      bucket(0, 'a', { calls: 3, errors: 1, latencyP50Ms: 100 }),
      bucket(0, 'b', { calls: 1, errors: 0, latencyP50Ms: 500 }),
      bucket(120_000, 'a', { calls: 2, errors: 2, ttftP50Ms: 40 }),
    ];
    const timeline = bucketTimeline(0, 120_000, 60_000);
    expect(latencyPercentiles(buckets, timeline).series[0]).toEqual({
      label: 'p50',
      values: [200, null, 100],
    });
    expect(errorRate(buckets, timeline).series[0]?.values).toEqual([25, null, 100]);
    expect(timeToFirstChunk(buckets, 'model', timeline).series).toEqual([
      { label: 'a', values: [null, null, 40] },
    ]);
  });
});
