/** How long each case measures: the full run, and the smoke run CI uses to keep the cases working. */
export const FULL = {
  calls: { rounds: 9, time: 300, warmupTime: 100, iterations: 30 },
  streams: { rounds: 9, time: 500, warmupTime: 100, iterations: 10 },
  manual: { rounds: 7, time: 200, warmupTime: 50, iterations: 50 },
  startup: { runs: 15 },
  memory: { calls: 100_000, warmupCalls: 10_000, checkpoints: 10, openSpans: 10_000 },
  export: { spanCount: 20_000 },
  serialize: { rounds: 5, time: 300, warmupTime: 50, iterations: 10 },
};

export const SMOKE = {
  calls: { rounds: 1, time: 5, warmupTime: 0, iterations: 3 },
  streams: { rounds: 1, time: 5, warmupTime: 0, iterations: 2 },
  manual: { rounds: 1, time: 5, warmupTime: 0, iterations: 3 },
  startup: { runs: 1 },
  memory: { calls: 400, warmupCalls: 100, checkpoints: 2, openSpans: 200 },
  export: { spanCount: 1000 },
  serialize: { rounds: 1, time: 5, warmupTime: 0, iterations: 2 },
};
