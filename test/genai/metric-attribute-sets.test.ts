import { describe, expect, it } from 'vitest';
import { MetricAttributeSetCache } from '../../src/genai/metric-attribute-sets';

describe('MetricAttributeSetCache', () => {
  it('builds each set with the convention attributes, the service tier only on duration and token usage', () => {
    const sets = new MetricAttributeSetCache().setsFor(
      'chat',
      'openai',
      'gpt-4o-mini',
      'gpt-4o-mini-2024-07-18',
      'api.openai.com',
      443,
      'default',
    );
    const common = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    };
    expect(sets.common).toEqual(common);
    expect(sets.refined).toEqual({ ...common, 'openai.response.service_tier': 'default' });
    expect(sets.inputTokens).toEqual({
      ...common,
      'openai.response.service_tier': 'default',
      'gen_ai.token.type': 'input',
    });
    expect(sets.outputTokens).toEqual({
      ...common,
      'openai.response.service_tier': 'default',
      'gen_ai.token.type': 'output',
    });
  });

  it('leaves out what a call does not have', () => {
    const sets = new MetricAttributeSetCache().setsFor(
      'embeddings',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    );
    expect(sets.common).toEqual({ 'gen_ai.operation.name': 'embeddings' });
    expect(sets.refined).toBe(sets.common);
  });

  it('returns the same sets for the same values and other sets when any value differs', () => {
    const cache = new MetricAttributeSetCache();
    const first = cache.setsFor('chat', 'openai', 'gpt-4o', 'gpt-4o-1', 'a.example', 443, undefined);
    expect(cache.setsFor('chat', 'openai', 'gpt-4o', 'gpt-4o-1', 'a.example', 443, undefined)).toBe(first);
    const otherPort = cache.setsFor('chat', 'openai', 'gpt-4o', 'gpt-4o-1', 'a.example', 8443, undefined);
    expect(otherPort).not.toBe(first);
    expect(otherPort.common['server.port']).toBe(8443);
    const otherTier = cache.setsFor('chat', 'openai', 'gpt-4o', 'gpt-4o-1', 'a.example', 443, 'flex');
    expect(otherTier.refined['openai.response.service_tier']).toBe('flex');
    expect(first.refined['openai.response.service_tier']).toBeUndefined();
  });

  it('stays bounded: past 2000 distinct sets it starts over and still answers right', () => {
    const cache = new MetricAttributeSetCache();
    const first = cache.setsFor('chat', 'openai', 'model-0', undefined, undefined, undefined, undefined);
    for (let i = 1; i <= 2000; i++)
      cache.setsFor('chat', 'openai', `model-${i}`, undefined, undefined, undefined, undefined);
    const again = cache.setsFor('chat', 'openai', 'model-0', undefined, undefined, undefined, undefined);
    expect(again).not.toBe(first);
    expect(again.common).toEqual(first.common);
  });
});
