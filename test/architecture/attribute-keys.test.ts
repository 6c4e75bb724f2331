import { describe, expect, it } from 'vitest';
import { codeLines, sourceFiles } from './source-files';

/** The one module of attribute, metric and value names. */
const KEYS_MODULE = 'src/genai/semconv.ts';

/** A quoted name in one of the namespaces we write: `'gen_ai.…'`, `"genai_otel.…"`, `` `mcp.…` ``. */
const KEY_LITERAL = /['"`](gen_ai|genai_otel|mcp)\.[a-z_]/;

describe('attribute keys', () => {
  it('are written as string literals only in src/genai/semconv.ts', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src', 'instrumentations')) {
      if (file.path === KEYS_MODULE) continue;
      codeLines(file.text).forEach((line, index) => {
        if (KEY_LITERAL.test(line)) offenders.push(`${file.path}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders, `import these keys from ${KEYS_MODULE} (add them there if new)`).toEqual([]);
  });

  it('the guard finds a literal key when there is one', () => {
    expect(KEY_LITERAL.test(`span.setAttribute('gen_ai.request.model', model)`)).toBe(true);
    expect(KEY_LITERAL.test('attributes[`genai_otel.cost.usd`]')).toBe(true);
    expect(codeLines(" * `gen_ai.request.model` of the call\nconst a = 'gen_ai.x';")).toEqual([
      '',
      "const a = 'gen_ai.x';",
    ]);
  });
});
