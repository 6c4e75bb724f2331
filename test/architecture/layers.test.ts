import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeLines, type SourceFile, sourceFiles } from './source-files';

/**
 * The layers of docs/decisions.md ("One recorder, and the layers around it"), checked on the
 * import graph. A test rather than Biome's `noRestrictedImports`: that rule matches import
 * specifiers as written, and the same folder is `../events/…` from one file and
 * `../../src/events/…` from another; here every relative import is resolved to the file it names.
 */

/** Folder → folders it must not import, with the reason shown when it does. */
const FORBIDDEN: ReadonlyArray<{ from: string; to: string[]; why: string }> = [
  {
    from: 'src/genai/',
    to: ['src/events/', 'src/inbound/', 'src/tracing/', 'src/exporters/', 'instrumentations/'],
    why: 'the recorder is the core: providers, the manual API and bridges build on it, never the reverse (events reach it through hooks such as chunk-observer.ts)',
  },
  {
    from: 'src/tracing/',
    to: ['src/events/', 'src/inbound/', 'instrumentations/'],
    why: 'the manual API records through the core; events are derived from its spans afterwards',
  },
  {
    from: 'src/inbound/',
    to: ['src/events/', 'instrumentations/'],
    why: 'what comes in (bridges, run tracking) only makes spans; the event side derives events from them',
  },
  {
    from: 'src/events/',
    to: ['src/inbound/', 'instrumentations/'],
    why: 'what goes out (bus, subscriptions) reads spans, whoever made them',
  },
];

/** The only files of src/ that may import an instrumentation: the public entry and the registry. */
const MAY_IMPORT_INSTRUMENTATIONS = new Set(['src/index.ts', 'src/instrumentation-registry.ts']);

/**
 * Modules one instrumentation exports for another, because two SDKs carry the same provider body:
 * Bedrock's InvokeModel for Claude is the Anthropic Messages API's JSON. Each such module
 * re-exports mapping code only (it reaches src/genai, never an SDK or an instrumentation class).
 */
const SHARED_BETWEEN_INSTRUMENTATIONS = new Set(['instrumentations/anthropic/messages-mapping']);

const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.[^'"]+)['"]/g;

/** Repository paths (without extension) of the files `file` imports by relative specifier. */
function relativeImports(file: SourceFile): string[] {
  const targets: string[] = [];
  for (const line of codeLines(file.text)) {
    for (const match of line.matchAll(IMPORT_SPECIFIER)) {
      targets.push(
        normalize(join(dirname(file.path), match[1] as string))
          .split('\\')
          .join('/'),
      );
    }
  }
  return targets;
}

function instrumentationOf(path: string): string | undefined {
  return /^instrumentations\/([^/]+)\//.exec(path)?.[1];
}

function forbiddenEdges(files: SourceFile[]): string[] {
  const edges: string[] = [];
  for (const file of files) {
    for (const target of relativeImports(file)) {
      for (const rule of FORBIDDEN) {
        if (!file.path.startsWith(rule.from)) continue;
        const layer = rule.to.find((folder) => target.startsWith(folder));
        if (layer !== undefined) edges.push(`${file.path} → ${target} (${rule.why})`);
      }
      const from = instrumentationOf(file.path);
      const to = instrumentationOf(`${target}/`);
      if (
        from !== undefined &&
        to !== undefined &&
        from !== to &&
        !SHARED_BETWEEN_INSTRUMENTATIONS.has(target)
      ) {
        edges.push(
          `${file.path} → ${target} (instrumentations do not import each other; share through src/genai)`,
        );
      }
      if (
        file.path.startsWith('src/') &&
        target.startsWith('instrumentations/') &&
        !MAY_IMPORT_INSTRUMENTATIONS.has(file.path)
      ) {
        edges.push(`${file.path} → ${target} (only src/index.ts and the registry know the instrumentations)`);
      }
    }
  }
  return edges;
}

describe('layers', () => {
  it('no import crosses a layer boundary', () => {
    expect(forbiddenEdges(sourceFiles('src', 'instrumentations'))).toEqual([]);
  });

  it('the check finds a forbidden import when there is one', () => {
    const recorder: SourceFile = {
      path: 'src/genai/inference-recording.ts',
      text: "import { reportLLMToken } from '../events/token-events';\n// import '../inbound/x' in a comment is fine",
    };
    const provider: SourceFile = {
      path: 'instrumentations/anthropic/provider.ts',
      text: "import { chunkText } from '../openai/chunk-text';\nimport { x } from '../../src/genai/semconv';",
    };
    const sharedMapping: SourceFile = {
      path: 'instrumentations/bedrock/claude-body.ts',
      text: "import { messageResult } from '../anthropic/messages-mapping';\nimport { x } from '../anthropic/messages-result';",
    };
    const setup: SourceFile = {
      path: 'src/register.ts',
      text: "const m = require('../instrumentations/openai');",
    };
    expect(forbiddenEdges([recorder, provider, sharedMapping, setup])).toEqual([
      expect.stringContaining('src/genai/inference-recording.ts → src/events/token-events'),
      expect.stringContaining('instrumentations/anthropic/provider.ts → instrumentations/openai/chunk-text'),
      expect.stringContaining(
        'instrumentations/bedrock/claude-body.ts → instrumentations/anthropic/messages-result',
      ),
      expect.stringContaining('src/register.ts → instrumentations/openai'),
    ]);
  });
});
