import { expect, it } from 'vitest';
import { mergeUsage, usageAttributes } from '../../src/genai/usage-attributes';

// Found by test/reliability/integration-malformed.test.ts: a Bedrock answer with
// `"outputTokens": -1` was recorded as is, turning token metrics and cost negative.
it('leaves out counts that cannot be token counts: negative, fractional, NaN', () => {
  const malformed = {
    inputTokens: 12,
    outputTokens: -1,
    cacheReadInputTokens: 1.5,
    reasoningOutputTokens: Number.NaN,
  };
  expect(usageAttributes(malformed)).toEqual({ 'gen_ai.usage.input_tokens': 12 });
  expect(mergeUsage({ outputTokens: 4 }, malformed)).toEqual({ inputTokens: 12, outputTokens: 4 });
});
