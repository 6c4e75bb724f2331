/** The targets, checked against one run's numbers. Reported, never asserted. */
const MAX_HEAP_GROWTH_BYTES = 1024 * 1024; // over all calls after warm-up: GC noise, not a leak

export function evaluateTargets(cases) {
  const targets = [];
  const calls = cases['openai-calls'];
  if (calls) {
    const { chat, stream } = calls.ratios;
    for (const [id, ratios] of Object.entries(chat)) {
      if (!id.startsWith('genai-otel')) continue;
      targets.push(
        target(
          `${id}: per-call overhead ≤ 1.3 × the fair limit's (span + metric records by hand)`,
          ratios.overheadVsFairLimit,
          '≤ 1.3',
          within(ratios.overheadVsFairLimit, 1.3),
        ),
      );
      const streamRatio = stream[id].overheadVsFairLimit;
      targets.push(
        target(
          `${id}: per-chunk overhead ≤ 1.5 × the hand-written stream limit's (span + metric records)`,
          streamRatio,
          '≤ 1.5',
          within(streamRatio, 1.5),
        ),
      );
    }
    for (const [id, ratios] of Object.entries(calls.ratiosFromMinimums?.stream ?? {})) {
      if (!id.startsWith('genai-otel')) continue;
      targets.push(
        target(
          `${id}: per-chunk overhead ≤ 1.5 × the fair limit's, from per-round fastest samples`,
          ratios.overheadVsFairLimit,
          '≤ 1.5',
          within(ratios.overheadVsFairLimit, 1.5),
        ),
      );
    }
    for (const variant of calls.variants.filter((v) => v.kind === 'peer')) {
      const ratio = chat[variant.id].overheadVsGenaiOtel;
      targets.push(
        target(
          `per-call overhead below ${variant.id} (its overhead ÷ ours, same openai major)`,
          ratio,
          '> 1',
          ratio > 1,
        ),
      );
      const streamRatio = stream[variant.id].overheadVsGenaiOtel;
      targets.push(
        target(`stream overhead below ${variant.id} (its ÷ ours)`, streamRatio, '> 1', streamRatio > 1),
      );
      const fastestRatio = calls.ratiosFromMinimums?.stream[variant.id]?.overheadVsGenaiOtel;
      if (fastestRatio !== undefined)
        targets.push(
          target(
            `stream overhead below ${variant.id} (its ÷ ours), from per-round fastest samples`,
            fastestRatio,
            '> 1',
            fastestRatio > 1,
          ),
        );
    }
  }
  const anthropic = cases['anthropic-calls'];
  if (anthropic) {
    for (const mode of ['chat', 'stream']) {
      const fastest = anthropic.ratiosFromMinimums?.[mode]['genai-otel'].overheadVsFairLimit;
      if (mode === 'stream' && fastest !== undefined)
        targets.push(
          target(
            "anthropic stream: genai-otel register() overhead ≤ 1.5 × the fair limit's, from per-round fastest samples",
            fastest,
            '≤ 1.5',
            within(fastest, 1.5),
          ),
        );
      const value = anthropic.ratios[mode]['genai-otel'].overheadVsFairLimit;
      const goal = mode === 'chat' ? 1.3 : 1.5;
      targets.push(
        target(
          `anthropic ${mode}: genai-otel register() overhead ≤ ${goal} × the fair limit's`,
          value,
          `≤ ${goal}`,
          within(value, goal),
        ),
      );
    }
  }
  const startup = cases.startup;
  if (startup) {
    const ours = startup.variants.find((v) => v.id === 'genai-otel-require');
    targets.push(
      target(
        '--require genai-otel/register start-up cost < 50 ms (CPU time to first line)',
        ours?.cpuCostMs,
        '< 50 ms',
        ours?.cpuCostMs < 50,
      ),
    );
    targets.push(
      target(
        '--require genai-otel/register start-up cost < 50 ms (wall time to first line)',
        ours?.costMs,
        '< 50 ms',
        ours?.costMs < 50,
      ),
    );
  }
  const memory = cases.memory;
  if (memory?.stream) {
    targets.push(
      target(
        `no heap growth over ${memory.calls} streamed calls after warm-up (bytes, after GC)`,
        memory.stream.growthBytes,
        `< ${MAX_HEAP_GROWTH_BYTES}`,
        memory.stream.growthBytes < MAX_HEAP_GROWTH_BYTES,
      ),
    );
  }
  if (memory) {
    targets.push(
      target(
        `no heap growth over ${memory.calls} chat calls after warm-up (bytes, after GC)`,
        memory.growthBytes,
        `< ${MAX_HEAP_GROWTH_BYTES}`,
        memory.growthBytes < MAX_HEAP_GROWTH_BYTES,
      ),
    );
  }
  return targets;
}

/** A ratio to a limit is met when at most `goal`; a negative one (the limit's overhead was lost in noise) is not. */
function within(ratio, goal) {
  return typeof ratio === 'number' && ratio >= 0 && ratio <= goal;
}

function target(name, value, goal, met) {
  return { name, value, goal, met: Boolean(met) };
}
