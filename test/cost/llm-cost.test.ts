import { afterEach, describe, expect, it } from 'vitest';
import { computeLLMCost } from '../../src/cost/llm-cost';
import { setPricingOverrides } from '../../src/cost/pricing-overrides';

afterEach(() => setPricingOverrides({}));

describe('computeLLMCost', () => {
  it('prices a known model from the genai-prices catalogue, response model first', () => {
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    const cost = computeLLMCost({
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 1000, outputTokens: 100 },
    });
    expect(cost).toMatchObject({ source: 'genai-prices', pricedModel: 'gpt-4o-mini-2024-07-18' });
    expect(cost?.inputUsd).toBeCloseTo(0.00015, 12);
    expect(cost?.outputUsd).toBeCloseTo(0.00006, 12);
    expect(cost?.totalUsd).toBeCloseTo(0.00021, 12);
  });

  it('prices cache reads at their own rate (input tokens include them)', () => {
    const cost = computeLLMCost({
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      usage: { inputTokens: 1200, outputTokens: 96, cacheReadInputTokens: 1024 },
    });
    expect(cost?.totalUsd).toBeCloseTo((176 * 0.15 + 1024 * 0.075 + 96 * 0.6) / 1e6, 12);
  });

  it('prices Anthropic cache writes', () => {
    // claude-3-5-haiku: $0.80 in, $1.00 cache write, $4.00 out per million.
    const cost = computeLLMCost({
      provider: 'anthropic',
      requestModel: 'claude-3-5-haiku-20241022',
      usage: { inputTokens: 5000, outputTokens: 200, cacheWriteInputTokens: 4000 },
    });
    expect(cost?.totalUsd).toBeCloseTo((1000 * 0.8 + 4000 * 1 + 200 * 4) / 1e6, 12);
  });

  it('gives no cost at all (not 0) for an unknown model, an unknown provider, or no usage', () => {
    expect(
      computeLLMCost({
        provider: 'openai',
        requestModel: 'my-finetune-v3',
        usage: { inputTokens: 10, outputTokens: 1 },
      }),
    ).toBeUndefined();
    // A self-hosted model that shares a catalogue name must not get a cloud's price.
    expect(
      computeLLMCost({
        provider: 'ollama',
        requestModel: 'gpt-oss-20b',
        usage: { inputTokens: 10, outputTokens: 1 },
      }),
    ).toBeUndefined();
    expect(
      computeLLMCost({ provider: 'openai', requestModel: 'gpt-4o-mini', usage: undefined }),
    ).toBeUndefined();
    expect(computeLLMCost({ provider: 'openai', requestModel: 'gpt-4o-mini', usage: {} })).toBeUndefined();
  });

  it('never throws on inconsistent usage', () => {
    expect(() =>
      computeLLMCost({
        provider: 'openai',
        requestModel: 'gpt-4o-mini',
        usage: { inputTokens: 10, outputTokens: 1, cacheReadInputTokens: 500 },
      }),
    ).not.toThrow();
  });

  it('uses overrides first: provider-qualified key, then the model; also for models the catalogue lacks', () => {
    setPricingOverrides({
      'gpt-4o-mini': { input: 0.1, output: 0.4 },
      'azure.ai.openai:gpt-4o-mini': { input: 0.05, output: 0.2 },
      'llama3.2': { input: 0.01, output: 0.02 },
    });
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(computeLLMCost({ provider: 'openai', requestModel: 'gpt-4o-mini', usage })).toMatchObject({
      totalUsd: 0.5,
      source: 'override',
    });
    expect(
      computeLLMCost({ provider: 'azure.ai.openai', requestModel: 'gpt-4o-mini', usage })?.totalUsd,
    ).toBeCloseTo(0.25, 12);
    expect(computeLLMCost({ provider: 'ollama', requestModel: 'llama3.2', usage })?.totalUsd).toBeCloseTo(
      0.03,
      12,
    );
  });

  it('applies override cache and reasoning rates', () => {
    setPricingOverrides({ 'in-house-7b': { input: 1, output: 2, cacheRead: 0.5, reasoning: 4 } });
    const cost = computeLLMCost({
      provider: 'vllm',
      requestModel: 'in-house-7b',
      usage: {
        inputTokens: 1_000_000,
        cacheReadInputTokens: 500_000,
        outputTokens: 1_000_000,
        reasoningOutputTokens: 250_000,
      },
    });
    expect(cost?.totalUsd).toBeCloseTo(0.5 * 1 + 0.5 * 0.5 + 0.75 * 2 + 0.25 * 4, 9);
  });
});
