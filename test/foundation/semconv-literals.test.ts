import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import * as semconv from '../../src/genai/semconv';

// src/genai/semconv.ts copies the `/incubating` constants as literals (start-up cost); they must
// stay equal to the package's.
describe('GenAI semconv literals', () => {
  it('equal @opentelemetry/semantic-conventions/incubating wherever the package has the name', () => {
    const shared = Object.keys(semconv).filter((name) => name in incubating);
    expect(shared.length).toBeGreaterThanOrEqual(53);
    for (const name of shared) {
      expect([name, (semconv as Record<string, unknown>)[name]]).toEqual([
        name,
        (incubating as Record<string, unknown>)[name],
      ]);
    }
  });
});
