import { calcPrice, type Provider, waitForUpdate } from '@pydantic/genai-prices';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { flatTokenPrice } from '../../src/cost/flat-token-price';
import { computeLLMCost } from '../../src/cost/llm-cost';
import { setPricingOverrides } from '../../src/cost/pricing-overrides';

afterEach(() => setPricingOverrides({}));

// gen_ai.provider.name → catalogue id, as in src/cost/price-providers.ts (one name per id).
const PROVIDERS: Array<[string, string]> = [
  ['openai', 'openai'],
  ['azure.ai.openai', 'azure'],
  ['anthropic', 'anthropic'],
  ['aws.bedrock', 'aws'],
  ['gcp.gemini', 'google'],
  ['mistral_ai', 'mistral'],
  ['groq', 'groq'],
  ['deepseek', 'deepseek'],
  ['x_ai', 'x-ai'],
  ['cohere', 'cohere'],
  ['openrouter', 'openrouter'],
  ['perplexity', 'perplexity'],
  ['together', 'together'],
  ['fireworks', 'fireworks'],
  ['cerebras', 'cerebras'],
  ['moonshotai', 'moonshotai'],
];

async function catalogue(): Promise<Provider[]> {
  const providers = await waitForUpdate();
  if (!providers) throw new Error('no bundled catalogue');
  return providers;
}

function expectSameAsCatalogue(provider: [string, string], model: string, input: number, output: number) {
  const usage = { input_tokens: input, output_tokens: output };
  const expected = calcPrice(usage, model, { providerId: provider[1] });
  const cost = computeLLMCost({
    provider: provider[0],
    requestModel: model,
    usage: { inputTokens: input, outputTokens: output },
  });
  if (!expected) {
    expect(cost).toBeUndefined();
    return;
  }
  // Exact equality: the fast path must give calcPrice()'s very numbers, not close ones.
  expect(cost).toMatchObject({
    inputUsd: expected.input_price,
    outputUsd: expected.output_price,
    totalUsd: expected.total_price,
  });
}

describe('flat token pricing (the fast path of computeLLMCost)', () => {
  it('gives exactly calcPrice() for every catalogue model of the priced providers, on every call', async () => {
    const providers = await catalogue();
    let flatModels = 0;
    for (const pair of PROVIDERS) {
      const provider = providers.find((candidate) => candidate.id === pair[1]);
      expect(provider, pair[1]).toBeDefined();
      for (const model of provider?.models ?? []) {
        if (flatTokenPrice(model.prices)) flatModels++;
        // First call: matched through calcPrice(); later calls: the remembered (flat) price.
        for (const [input, output] of [
          [1000, 100],
          [1234567, 89],
          [0, 7],
          [3, 0],
        ] as const) {
          expectSameAsCatalogue(pair, model.id, input, output);
        }
      }
    }
    expect(flatModels).toBeGreaterThan(100);
  });

  it('gives exactly calcPrice() for any token counts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('gpt-4o-mini', 'gpt-4.1', 'o3-mini', 'claude-3-5-haiku-20241022'),
        fc.nat(10_000_000),
        fc.nat(1_000_000),
        (model, input, output) => {
          expectSameAsCatalogue(
            model.startsWith('claude') ? ['anthropic', 'anthropic'] : ['openai', 'openai'],
            model,
            input,
            output,
          );
        },
      ),
    );
  });

  it('keeps time-of-day prices on calcPrice(), and invalid tiers', async () => {
    const providers = await catalogue();
    const deepseekChat = providers
      .find((p) => p.id === 'deepseek')
      ?.models.find((m) => m.id === 'deepseek-chat');
    expect(Array.isArray(deepseekChat?.prices)).toBe(true);
    expect(flatTokenPrice(deepseekChat?.prices)).toBeUndefined();
    expect(
      flatTokenPrice({ input_mtok: { base: 1, tiers: [{ start: 1.5, price: 2 }] }, output_mtok: 4 }),
    ).toBeUndefined();
    expect(flatTokenPrice({ input_mtok: { base: -1, tiers: [] }, output_mtok: 4 })).toBeUndefined();
    expect(flatTokenPrice({ input_mtok: 1, output_mtok: 2, requests_kcount: 5 })).toBeUndefined();
    expect(flatTokenPrice({ input_mtok: 1, output_mtok: 2, web_searches_kcount: 10 })).toEqual({
      inputMtok: 1,
      outputMtok: 2,
    });
    expect(flatTokenPrice({ input_mtok: 1, output_mtok: 2, cache_read_mtok: 0.5 })).toEqual({
      inputMtok: 1,
      outputMtok: 2,
    });
  });

  it('prices long-context tiers (Claude Sonnet 4.5) on the fast path, exactly as calcPrice() at the tier edge', async () => {
    const providers = await catalogue();
    const sonnet = providers
      .find((p) => p.id === 'anthropic')
      ?.models.find((m) => m.id === 'claude-sonnet-4-5');
    const rate = flatTokenPrice(sonnet?.prices)?.inputMtok;
    expect(rate).toMatchObject({ base: 3, tiers: [{ start: 200_000, price: 6 }] });
    for (const input of [1, 31, 199_999, 200_000, 200_001, 987_654]) {
      // Twice: the first call is matched through calcPrice(), the second uses the remembered tiers.
      expectSameAsCatalogue(['anthropic', 'anthropic'], 'claude-sonnet-4-5', input, 19);
      expectSameAsCatalogue(['anthropic', 'anthropic'], 'claude-sonnet-4-5', input, 19);
    }
  });

  it('prices overrides exactly as calcPrice() does, and still rejects invalid ones', () => {
    setPricingOverrides({ 'my-model': { input: 0.1, output: 0.3, cacheRead: 0.01 } });
    const cost = computeLLMCost({
      provider: 'openai',
      requestModel: 'my-model',
      usage: { inputTokens: 777, outputTokens: 333 },
    });
    const expected = calcPrice({ input_tokens: 777, output_tokens: 333 }, 'my-model', {
      provider: {
        id: 'x',
        name: 'x',
        api_pattern: '^$',
        models: [
          {
            id: 'my-model',
            match: { equals: 'my-model' },
            prices: { input_mtok: 0.1, output_mtok: 0.3, cache_read_mtok: 0.01 },
          },
        ],
      },
    });
    expect(cost).toMatchObject({
      source: 'override',
      totalUsd: expected?.total_price,
      inputUsd: expected?.input_price,
    });
    setPricingOverrides({ 'my-model': { input: -1, output: 0.3 } });
    expect(
      computeLLMCost({
        provider: 'openai',
        requestModel: 'my-model',
        usage: { inputTokens: 1, outputTokens: 1 },
      }),
    ).toBeUndefined();
  });

  it('gives no cost for an unknown model, on every call', () => {
    for (let i = 0; i < 3; i++) {
      expect(
        computeLLMCost({
          provider: 'openai',
          requestModel: 'no-such-model-xyz',
          usage: { inputTokens: 10, outputTokens: 10 },
        }),
      ).toBeUndefined();
    }
  });
});
