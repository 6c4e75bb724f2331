import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runNodeApp } from '../support/run-node-app';

const APP = 'test/fixtures/apps/print-entry-exports.cjs';

interface EntryReport {
  require: string[];
  import: string[];
  sameAsRoot: string[];
}

async function loadEntries(...entries: string[]): Promise<Record<string, EntryReport>> {
  const run = await runNodeApp(APP, { loader: 'none', args: entries });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, EntryReport>;
}

describe('package entries, loaded by name out of process after the build', () => {
  it('serve each subpath to require() and import() with the same names', async () => {
    const report = await loadEntries('genai-otel/bridge', 'genai-otel/sdk', 'genai-otel/cost');
    expect(report['genai-otel/bridge']?.require).toEqual(['EventSourceBridge', 'RunTracker']);
    expect(report['genai-otel/sdk']?.require).toEqual([
      'ConsoleTreeExporter',
      'GenAIEventSpanProcessor',
      'TraceAttributesSpanProcessor',
      'createRedactingLogRecordProcessor',
      'createRedactingSpanProcessor',
    ]);
    expect(report['genai-otel/cost']?.require).toEqual([
      'ATTR_GENAI_OTEL_COST_INPUT_USD',
      'ATTR_GENAI_OTEL_COST_OUTPUT_USD',
      'ATTR_GENAI_OTEL_COST_SOURCE',
      'ATTR_GENAI_OTEL_COST_USD',
      'METRIC_GENAI_OTEL_CLIENT_COST',
      'computeLLMCost',
      'getPricingOverrides',
      'setPricingOverrides',
    ]);
    for (const entry of Object.values(report)) expect(entry.import).toEqual(entry.require);
  });

  it('keep the moved names on the root as the same objects (deprecated re-exports)', async () => {
    const report = await loadEntries('genai-otel/bridge', 'genai-otel/sdk', 'genai-otel/cost');
    for (const entry of Object.values(report)) {
      expect(entry.sameAsRoot).toEqual(entry.require.filter((name) => !SUBPATH_ONLY.includes(name)));
    }
  });

  it('serve the root entry to require() and import() alike', async () => {
    const report = await loadEntries('genai-otel');
    const root = report['genai-otel'];
    expect(root?.require).toContain('register');
    expect(root?.require).toContain('withTool');
    expect(root?.require).toContain('instrumentOpenAI');
    expect(root?.import).toEqual(root?.require);
  });
});

/** Names added to a subpath after the move: never on the root, so nothing to keep there. */
const SUBPATH_ONLY = ['createRedactingLogRecordProcessor'];

/** Every name (values and types) an entry's declaration file exports. */
function declaredNames(declarationFile: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, 'dist/src', declarationFile), 'utf8');
  return [...text.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((match) =>
    (match[1] ?? '')
      .split(',')
      .map((name) =>
        name
          .replace(/\/\*\*[\s\S]*?\*\//g, '')
          .replace(/^\s*type\s+/, '')
          .trim(),
      )
      .filter(Boolean),
  );
}

describe('root declarations', () => {
  it.each(['bridge', 'sdk', 'cost'])(
    'mark every name moved to genai-otel/%s as @deprecated, naming the subpath',
    (subpath) => {
      const rootDeclarations = readFileSync(join(PROJECT_ROOT, 'dist/src/index.d.ts'), 'utf8');
      // Names the root had before they moved (new names, such as TreeFormatOptions, are only on the subpath).
      const rootNames = new Set(declaredNames('index.d.ts'));
      const moved = declaredNames(`entry/${subpath}.d.ts`).filter((name) => rootNames.has(name));
      expect(moved.length).toBeGreaterThan(1);
      const undeprecated = moved.filter(
        (name) =>
          !new RegExp(
            `/\\*\\* @deprecated Import from \`genai-otel/${subpath}\`[^*]*\\*/\\s*(type )?${name},`,
          ).test(rootDeclarations),
      );
      expect(undeprecated).toEqual([]);
    },
  );
});

describe('package.json', () => {
  it('passes publint in strict mode', async () => {
    const { messages } = await publint({ pkgDir: PROJECT_ROOT, strict: true });
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });
});
