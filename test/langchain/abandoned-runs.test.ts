import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GenAIOtelCallbackHandler } from '../../instrumentations/langchain';
import { finishedSpans, resetTelemetry } from '../support/instrumentation-telemetry';

beforeEach(() => {
  resetTelemetry();
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => vi.useRealTimers());

/** The handler's own per-run bookkeeping, which a broken-off `stream()` never ends. */
function perRunState(handler: GenAIOtelCallbackHandler): number {
  const internals = handler as unknown as { chains: Map<string, unknown>; models: Map<string, unknown> };
  return internals.chains.size + internals.models.size;
}

describe('runs whose end event never comes', () => {
  it('do not grow the handler’s memory once the tracker has timed them out', () => {
    let clock = 1_000_000;
    const handler = new GenAIOtelCallbackHandler({
      timeoutMs: 1_000,
      sweepIntervalMs: 100,
      now: () => clock,
    });
    for (let index = 0; index < 5_000; index++) {
      // What LangChain reports for `for await (const chunk of chain.stream(input)) break;`:
      // the chain and its chat-model run start, and neither end nor error follows.
      handler.handleChainStart(
        { id: ['langchain', 'RunnableSequence'] },
        { question: 'hi' },
        `chain-${index}`,
      );
      handler.handleChatModelStart(
        { id: ['langchain', 'chat_models', 'openai', 'ChatOpenAI'], kwargs: { model: 'gpt-4o-mini' } },
        [[{ type: 'human', content: 'hi' }]],
        `model-${index}`,
        `chain-${index}`,
      );
      if (index % 250 === 249) {
        clock += 2_000;
        vi.advanceTimersByTime(100);
      }
    }
    expect(finishedSpans().length).toBeGreaterThan(9_000);
    expect(perRunState(handler)).toBeLessThan(3_000);
    handler.closeAll();
  });
});
