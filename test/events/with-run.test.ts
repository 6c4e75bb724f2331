import { beforeEach, describe, expect, it } from 'vitest';
import { flushEvents } from '../../src/events/event-bus';
import type { RunEvent } from '../../src/events/event-types';
import { percentile } from '../../src/events/run-accumulator';
import { onRunSummary } from '../../src/events/subscriptions';
import { withRun } from '../../src/events/with-run';
import { withTool } from '../../src/tracing/genai-helpers';
import { withLLMCall } from '../../src/tracing/with-llm-call';
import { finishedSpans, recordEvents, reset, spanNamed } from '../support/event-harness';

beforeEach(reset);

async function call(
  model: string,
  usage: { inputTokens: number; outputTokens: number },
  fail = false,
): Promise<void> {
  await withLLMCall({ provider: 'openai', model }, async (llm) => {
    llm.recordResponse({ model, usage });
    if (fail) throw new Error('429 Rate limit reached');
  }).catch(() => {});
}

describe('withRun', () => {
  it('sums calls, errors, tokens and cost of everything inside, on the run span and in a run.summary event', async () => {
    const summaries: RunEvent[] = [];
    const stop = onRunSummary((event) => void summaries.push(event));
    const { received, stop: stopAll } = recordEvents(['run.start', 'run.summary']);

    const result = await withRun(
      { name: 'prompt-v2', params: { concurrency: 3, prompt: 'v2' } },
      async () => {
        await Promise.all([
          call('gpt-4o-mini', { inputTokens: 1000, outputTokens: 100 }),
          call('gpt-4o-mini', { inputTokens: 2000, outputTokens: 200 }),
          call('gpt-4o-mini', { inputTokens: 500, outputTokens: 50 }, true),
          call('my-finetune', { inputTokens: 10, outputTokens: 1 }),
        ]);
        await withTool({ name: 'lookup' }, () => 'ok');
        return 'done';
      },
    );
    // Calls outside the run are not counted.
    await call('gpt-4o-mini', { inputTokens: 9999, outputTokens: 9999 });
    await flushEvents();
    stop();
    stopAll();

    expect(result).toBe('done');
    expect(received.map((event) => event.type)).toEqual(['run.start', 'run.summary']);
    expect(summaries).toHaveLength(1);
    const event = summaries[0] as RunEvent;
    expect(event).toMatchObject({
      runName: 'prompt-v2',
      params: { concurrency: 3, prompt: 'v2' },
      status: 'ok',
    });
    expect(event.summary).toMatchObject({
      calls: 4,
      errors: 1,
      toolCalls: 1,
      toolErrors: 0,
      usage: { inputTokens: 3510, outputTokens: 351, cacheReadInputTokens: 0 },
      unpricedCalls: 1,
    });
    // 3500 in / 350 out of gpt-4o-mini at $0.15 / $0.60 per million; my-finetune is unpriced.
    expect(event.summary?.costUsd).toBeCloseTo((3500 * 0.15 + 350 * 0.6) / 1e6, 12);
    expect(event.summary?.latencyMs?.p50).toBeGreaterThanOrEqual(0);
    expect(event.summary?.latencyMs?.p99).toBeGreaterThanOrEqual(event.summary?.latencyMs?.p50 as number);

    const runSpan = spanNamed('run prompt-v2');
    expect(event.spanId).toBe(runSpan.spanContext().spanId);
    expect(runSpan.attributes).toMatchObject({
      'genai_otel.run.name': 'prompt-v2',
      'genai_otel.run.param.concurrency': 3,
      'genai_otel.run.param.prompt': 'v2',
      'genai_otel.run.calls': 4,
      'genai_otel.run.errors': 1,
      'genai_otel.run.input_tokens': 3510,
    });
    const calls = finishedSpans().filter((span) => span.name.startsWith('chat '));
    expect(
      calls.filter((span) => span.parentSpanContext?.spanId === runSpan.spanContext().spanId),
    ).toHaveLength(4);
  });

  it('passes the error through and reports the run as failed', async () => {
    const summaries: RunEvent[] = [];
    const stop = onRunSummary((event) => void summaries.push(event));
    await expect(
      withRun({ name: 'broken' }, async () => {
        await call('gpt-4o-mini', { inputTokens: 1, outputTokens: 1 });
        throw new TypeError('bad dataset row');
      }),
    ).rejects.toThrow('bad dataset row');
    await flushEvents();
    stop();
    expect(summaries[0]).toMatchObject({
      status: 'error',
      error: { type: 'TypeError', message: 'bad dataset row' },
    });
    expect(summaries[0]?.summary?.calls).toBe(1);
  });

  it('gives nearest-rank percentiles (always an observed latency)', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99)]).toEqual([50, 90, 99]);
    expect(percentile([7], 99)).toBe(7);
  });
});
