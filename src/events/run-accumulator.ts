import { type Context, createContextKey } from '@opentelemetry/api';
import type { LLMCost } from '../cost/llm-cost';
import type { TokenUsage } from '../genai/inference-types';
import type { RunSummary } from './event-types';

const RUN_KEY = createContextKey('genai-otel.run-accumulator');

/** Latency samples kept per run; beyond it a uniform reservoir sample keeps memory bounded. */
const MAX_LATENCY_SAMPLES = 100_000;

/**
 * Totals of one {@link withRun} run, fed by the event span processor as spans started inside the
 * run end (whatever their source), so the summary never depends on event delivery or drops.
 */
export class RunAccumulator {
  private calls = 0;
  private errors = 0;
  private toolCalls = 0;
  private toolErrors = 0;
  private readonly usage: Required<TokenUsage> = {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningOutputTokens: 0,
  };
  private costUsd: number | undefined;
  private unpricedCalls = 0;
  private readonly latencies: number[] = [];
  private latencySeen = 0;

  addModelCall(
    durationMs: number,
    failed: boolean,
    usage: TokenUsage | undefined,
    cost: LLMCost | undefined,
  ): void {
    this.calls++;
    if (failed) this.errors++;
    if (usage !== undefined) {
      for (const key of Object.keys(this.usage) as Array<keyof TokenUsage>)
        this.usage[key] += usage[key] ?? 0;
      if (cost === undefined) this.unpricedCalls++;
    }
    if (cost !== undefined) this.costUsd = (this.costUsd ?? 0) + cost.totalUsd;
    this.addLatency(durationMs);
  }

  addToolCall(failed: boolean): void {
    this.toolCalls++;
    if (failed) this.toolErrors++;
  }

  summary(durationMs: number): RunSummary {
    const summary: RunSummary = {
      calls: this.calls,
      errors: this.errors,
      toolCalls: this.toolCalls,
      toolErrors: this.toolErrors,
      usage: { ...this.usage },
      unpricedCalls: this.unpricedCalls,
      durationMs,
    };
    if (this.costUsd !== undefined) summary.costUsd = this.costUsd;
    if (this.latencies.length > 0) {
      const sorted = [...this.latencies].sort((a, b) => a - b);
      summary.latencyMs = {
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] as number,
      };
    }
    return summary;
  }

  private addLatency(ms: number): void {
    this.latencySeen++;
    if (this.latencies.length < MAX_LATENCY_SAMPLES) {
      this.latencies.push(ms);
      return;
    }
    // Reservoir sampling (Algorithm R): every call has the same chance to be in the sample.
    const slot = Math.floor(Math.random() * this.latencySeen);
    if (slot < MAX_LATENCY_SAMPLES) this.latencies[slot] = ms;
  }
}

/** Nearest-rank percentile of an ascending list (no interpolation: always an observed value). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function setRunAccumulator(ctx: Context, run: RunAccumulator): Context {
  return ctx.setValue(RUN_KEY, run);
}

export function getRunAccumulator(ctx: Context): RunAccumulator | undefined {
  const value = ctx.getValue(RUN_KEY);
  return value instanceof RunAccumulator ? value : undefined;
}
