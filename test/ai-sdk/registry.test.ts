import { describe, expect, it } from 'vitest';
import { SUPPORTED_AI_SDK_VERSIONS } from '../../instrumentations/ai-sdk';
import { KNOWN_INSTRUMENTATIONS } from '../../src/instrumentation-registry';

describe('the ai-sdk registry entry', () => {
  it('hooks `ai` and lists the versions the instrumentation declares', () => {
    const entry = KNOWN_INSTRUMENTATIONS.find((candidate) => candidate.name === 'ai-sdk');
    expect(entry?.modules).toEqual(['ai']);
    expect(entry?.supportedVersions).toEqual(SUPPORTED_AI_SDK_VERSIONS);
  });
});
