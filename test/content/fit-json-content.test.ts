import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitJsonContent } from '../../src/content/fit-json-content';

const message = (role: string, content: string) => ({ role, parts: [{ type: 'text', content }] });

describe('fitJsonContent', () => {
  it('leaves content within the limit as plain JSON', () => {
    const messages = [message('user', 'Which ocean contains Bouvet Island?')];
    expect(fitJsonContent(messages, 1000)).toEqual({ json: JSON.stringify(messages), truncatedChars: 0 });
  });

  it('cuts the long text inside its part, keeps the JSON valid and says how much was cut', () => {
    const messages = [
      message('system', 'You are terse.'),
      message('user', `Summarise: ${'lorem ipsum '.repeat(10_000)}`),
    ];
    const { json, truncatedChars } = fitJsonContent(messages, 2000);
    expect(json.length).toBeLessThanOrEqual(2000);
    const parsed = JSON.parse(json);
    expect(parsed[0]).toEqual(messages[0]);
    const cut = parsed[1].parts[0].content as string;
    expect(cut.startsWith('Summarise: lorem ipsum')).toBe(true);
    const marker = /…\[truncated (\d+) chars\]$/.exec(cut);
    expect(Number(marker?.[1])).toBe(truncatedChars);
    expect(cut.length - (marker?.[0].length ?? 0) + truncatedChars).toBe(
      messages[1]?.parts[0]?.content.length,
    );
  });

  it('shares the room between long parts instead of dropping all but the first', () => {
    const messages = [message('user', 'a'.repeat(50_000)), message('assistant', 'b'.repeat(50_000))];
    const parsed = JSON.parse(fitJsonContent(messages, 4000).json);
    const kept = parsed.map((entry: { parts: Array<{ content: string }> }) => entry.parts[0]?.content.length);
    expect(kept[0]).toBeGreaterThan(1500);
    expect(Math.abs(kept[0] - kept[1])).toBeLessThan(10);
  });

  it('elides a base64 blob rather than cutting it, and keeps its description', () => {
    const blob = {
      type: 'blob',
      modality: 'image',
      mime_type: 'image/png',
      content: 'iVBORw0KGgo'.repeat(3000),
    };
    const messages = [{ role: 'user', parts: [{ type: 'text', content: 'What is this?' }, blob] }];
    const parsed = JSON.parse(fitJsonContent(messages, 500).json);
    expect(parsed[0].parts[1]).toEqual({
      type: 'blob',
      modality: 'image',
      mime_type: 'image/png',
      content: `[base64 elided: ${blob.content.length} chars]`,
    });
  });

  it('cuts tool arguments and results but not the names a reader needs', () => {
    const messages = [
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_1', name: 'search', arguments: { query: 'q'.repeat(10_000) } },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'r'.repeat(10_000) }] },
    ];
    const parsed = JSON.parse(fitJsonContent(messages, 1500).json);
    expect(parsed[0].parts[0]).toMatchObject({ type: 'tool_call', id: 'call_1', name: 'search' });
    expect(parsed[0].parts[0].arguments.query).toMatch(/…\[truncated \d+ chars\]$/);
    expect(parsed[1].parts[0].response).toMatch(/…\[truncated \d+ chars\]$/);
  });

  it('drops the oldest messages when the structure alone does not fit, keeping the latest turn', () => {
    const messages = Array.from({ length: 500 }, (_, index) =>
      message(index % 2 ? 'assistant' : 'user', `turn ${index}`),
    );
    const { json, truncatedChars } = fitJsonContent(messages, 1000);
    const parsed = JSON.parse(json);
    expect(json.length).toBeLessThanOrEqual(1000);
    expect(parsed.at(-1)).toEqual(messages.at(-1));
    expect(parsed.length).toBeLessThan(500);
    expect(truncatedChars).toBeGreaterThan(0);
  });

  it('keeps the latest of 30,000 messages whole when only some hundreds fit', () => {
    const messages = Array.from({ length: 30_000 }, (_, index) =>
      message('user', `message ${index} with some forty characters of text`),
    );
    const { json } = fitJsonContent(messages, 100_000);
    expect(json.length).toBeLessThanOrEqual(100_000);
    expect(json).not.toContain('truncated');
    expect(JSON.parse(json).at(-1)).toEqual(messages.at(-1));
  });

  it('always returns valid JSON within the limit (property)', () => {
    const part = fc.oneof(
      fc.record({ type: fc.constant('text'), content: fc.string({ unit: 'grapheme', maxLength: 3000 }) }),
      fc.record({ type: fc.constant('tool_call'), name: fc.string(), arguments: fc.jsonValue() }),
      fc.record({
        type: fc.constant('blob'),
        modality: fc.constant('image'),
        content: fc.base64String({ maxLength: 4000 }),
      }),
    );
    const messages = fc.array(
      fc.record({ role: fc.constantFrom('user', 'assistant'), parts: fc.array(part, { maxLength: 4 }) }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(messages, fc.integer({ min: 2, max: 5000 }), (value, limit) => {
        const { json } = fitJsonContent(value, limit);
        expect(json.length).toBeLessThanOrEqual(limit);
        expect(() => JSON.parse(json)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
