import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { validateSavedConfig } from '../../src/config/saved-config-schema';
import { activeGenAIConventions, conventionsFromOptIn, versionedKeys } from '../../src/genai/semconv-version';
import { usageAttributes, usageFromAttributes } from '../../src/genai/usage-attributes';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('OTEL_SEMCONV_STABILITY_OPT_IN', () => {
  it.each([
    [undefined, 'released'],
    ['', 'released'],
    ['http', 'released'],
    ['gen_ai_latest_experimental', 'latest'],
    ['http/dup, GEN_AI_LATEST_EXPERIMENTAL ', 'latest'],
    ['gen_ai_latest_experimental/dup', 'both'],
    ['gen_ai_latest_experimental,gen_ai_latest_experimental/dup', 'both'],
  ])('%j chooses the %s conventions', (value, expected) => {
    expect(conventionsFromOptIn(value)).toBe(expected);
  });

  it('is read when genai-otel was not registered with an option', () => {
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'gen_ai_latest_experimental/dup');
    expect(activeGenAIConventions()).toBe('both');
  });

  it('loses to the genAIConventions register option; an unknown option value falls back to it', () => {
    const env = { OTEL_SEMCONV_STABILITY_OPT_IN: 'gen_ai_latest_experimental' };
    expect(resolveConfig({}, env).genAIConventions).toBe('latest');
    expect(resolveConfig({ genAIConventions: 'released' }, env).genAIConventions).toBe('released');
    expect(resolveConfig({ genAIConventions: 'v2' as never }, env).genAIConventions).toBe('latest');
  });

  it('can be saved in a configuration file, with its values checked', () => {
    expect(validateSavedConfig({ genAIConventions: 'both' }, 'genai-otel.json')).toEqual({
      genAIConventions: 'both',
    });
    expect(() => validateSavedConfig({ genAIConventions: 'newest' }, 'genai-otel.json')).toThrow(
      /genAIConventions" must be one of released, latest, both/,
    );
  });
});

describe('renamed attributes', () => {
  const usage = {
    inputTokens: 1300,
    outputTokens: 12,
    cacheReadInputTokens: 1000,
    cacheWriteInputTokens: 300,
  };

  it('writes the cache-write count under the released name, the draft name, or both', () => {
    expect(usageAttributes(usage, 'released')).toEqual({
      'gen_ai.usage.input_tokens': 1300,
      'gen_ai.usage.output_tokens': 12,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 300,
    });
    expect(usageAttributes(usage, 'latest')).toMatchObject({ 'gen_ai.usage.cache_write.input_tokens': 300 });
    expect(usageAttributes(usage, 'latest')).not.toHaveProperty('gen_ai.usage.cache_creation.input_tokens');
    expect(usageAttributes(usage, 'both')).toMatchObject({
      'gen_ai.usage.cache_write.input_tokens': 300,
      'gen_ai.usage.cache_creation.input_tokens': 300,
    });
  });

  it('reads usage back from spans of either version', () => {
    expect(usageFromAttributes({ 'gen_ai.usage.cache_creation.input_tokens': 7 })).toEqual({
      cacheWriteInputTokens: 7,
    });
    expect(usageFromAttributes({ 'gen_ai.usage.cache_write.input_tokens': 8 })).toEqual({
      cacheWriteInputTokens: 8,
    });
  });

  it('writes draft-only attributes only when the draft is chosen', () => {
    expect(versionedKeys('reasoningLevel', 'released')).toEqual([]);
    expect(versionedKeys('reasoningLevel', 'latest')).toEqual(['gen_ai.request.reasoning.level']);
    expect(versionedKeys('previousResponseId', 'both')).toEqual(['gen_ai.request.previous_response.id']);
  });
});
