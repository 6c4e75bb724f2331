/**
 * Interleaved measurement with tinybench. The machine is shared, so load drifts during a run:
 * instead of timing each task once for a long stretch, every round times every task briefly
 * (in a rotated order), and ratios are taken per round between tasks timed moments apart, then
 * summarised by their median across rounds.
 */
import { rootRequire } from './paths.mjs';

const { Bench } = rootRequire('tinybench');

/** Times `tasks` ({ id, fn }) over `rounds`; returns per task the per-round medians and extremes (ms). */
export async function measureRounds(tasks, { rounds, time, warmupTime, iterations }) {
  const byId = new Map(
    tasks.map((task) => [
      task.id,
      { roundMedians: [], roundMins: [], min: Infinity, max: -Infinity, samples: 0 },
    ]),
  );
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time,
      iterations,
      warmupTime,
      warmupIterations: Math.min(iterations, 20),
      throws: true,
    });
    const rotated = tasks.map((_, i) => tasks[(i + round) % tasks.length]);
    for (const task of rotated) bench.add(task.id, task.fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed')
        throw new Error(`task ${task.name} ${result.state}: ${result.error ?? ''}`);
      const entry = byId.get(task.name);
      entry.roundMedians.push(result.latency.p50);
      entry.roundMins.push(result.latency.min);
      entry.min = Math.min(entry.min, result.latency.min);
      entry.max = Math.max(entry.max, result.latency.max);
      entry.samples += result.latency.samplesCount ?? result.latency.samples?.length ?? 0;
    }
  }
  for (const entry of byId.values()) entry.median = median(entry.roundMedians);
  return byId;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median over rounds of f(round index), for ratios between tasks timed in the same round. */
export function medianPerRound(rounds, f) {
  return median(Array.from({ length: rounds }, (_, round) => f(round)));
}

export const round3 = (value) => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null);
