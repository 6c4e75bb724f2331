import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { traced } from '../../src/tracing/traced';
import { useTracingHarness } from '../support/tracing-harness';
import type { Planner as PlannerType } from './fixtures/decorated-planner';

const h = useTracingHarness();

/** Compiles the fixture the way a user's TypeScript 5 build would (standard decorators, ES2022). */
function loadPlanner(): typeof PlannerType {
  const source = readFileSync(join(__dirname, 'fixtures', 'decorated-planner.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
  });
  const module = { exports: {} as { Planner: typeof PlannerType } };
  const requireShim = (id: string) => {
    if (id.endsWith('/src/tracing/traced')) return { traced };
    throw new Error(`unexpected import ${id}`);
  };
  new Function('module', 'exports', 'require', outputText)(module, module.exports, requireShim);
  return module.exports.Planner;
}

describe('@traced decorator (TS 5 standard)', () => {
  const Planner = loadPlanner();

  it('wraps methods keeping this, with Class.method names', async () => {
    const planner = new Planner('p');
    expect(await planner.plan('ship')).toBe('p: ship');
    expect(h.expectEndedOnce('Planner.plan').attributes['genai_otel.span.kind']).toBe('task');
  });

  it('wraps generator methods, static methods and custom names', () => {
    const planner = Planner.create();
    expect([...planner.steps(2)]).toEqual([0, 1]);
    expect(() => planner.fail()).toThrow(TypeError);
    h.expectEndedOnce('Planner.create');
    h.expectEndedOnce('Planner.steps');
    expect(h.expectEndedOnce('custom-name').status.code).toBe(SpanStatusCode.ERROR);
  });
});
