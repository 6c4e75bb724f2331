import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseMessages,
  parseSystemInstructions,
  parseToolDefinitions,
  prettyJson,
} from '../../../src/viewer/ui/model/chat-messages';

describe('parseMessages', () => {
  it('reads the conventions message shape: roles, text, tool calls and results, reasoning, media, finish reason', () => {
    const parsed = parseMessages(
      JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          finish_reason: 'tool_call',
          parts: [
            { type: 'reasoning', content: 'Use the tool.' },
            { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
          ],
        },
        {
          role: 'tool',
          parts: [{ type: 'tool_call_response', id: 'call_1', response: { temperature_c: 18 } }],
        },
        {
          role: 'user',
          parts: [{ type: 'blob', modality: 'image', mime_type: 'image/png', content: 'AAAA' }],
        },
      ]),
    );
    expect(parsed).toEqual({
      ok: true,
      value: [
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          finishReason: 'tool_call',
          parts: [
            { type: 'reasoning', content: 'Use the tool.' },
            { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
          ],
        },
        {
          role: 'tool',
          parts: [{ type: 'tool_call_response', id: 'call_1', response: { temperature_c: 18 } }],
        },
        {
          role: 'user',
          parts: [
            {
              type: 'media',
              kind: 'blob',
              modality: 'image',
              mimeType: 'image/png',
              reference: undefined,
              contentLength: 4,
            },
          ],
        },
      ],
    });
  });

  it('keeps text that is not JSON as raw, and odd items as "other" parts', () => {
    expect(parseMessages('{"role":"user","parts":[')).toEqual({ ok: false, raw: '{"role":"user","parts":[' });
    expect(parseMessages('42')).toEqual({ ok: false, raw: '42' });
    const odd = parseMessages(JSON.stringify([null, { role: 7, parts: [{ type: 'x-custom', a: 1 }] }]));
    expect(odd).toEqual({
      ok: true,
      value: [
        { role: 'unknown', parts: [{ type: 'other', typeName: 'object', value: null }] },
        {
          role: 'unknown',
          parts: [{ type: 'other', typeName: 'x-custom', value: { type: 'x-custom', a: 1 } }],
        },
      ],
    });
  });

  it('never throws, whatever string or array an app sent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.array(fc.oneof(fc.string(), fc.json()))), (value) => {
        parseMessages(value);
        parseSystemInstructions(value);
        parseToolDefinitions(value);
      }),
    );
  });
});

describe('parseSystemInstructions', () => {
  it('reads parts, and a plain string (as OpenAI Responses instructions are recorded) as one text part', () => {
    expect(parseSystemInstructions('[{"type":"text","content":"Be brief."}]')).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
    expect(parseSystemInstructions('Be brief.')).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(parseSystemInstructions('123')).toEqual([{ type: 'text', content: '123' }]);
  });
});

describe('parseToolDefinitions', () => {
  it('reads the conventions shape and OpenAI request tools', () => {
    expect(
      parseToolDefinitions(
        JSON.stringify([
          { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
          { type: 'function', function: { name: 'get_time' } },
        ]),
      ),
    ).toEqual({
      ok: true,
      value: [
        { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
        { type: 'function', name: 'get_time', description: undefined, parameters: undefined },
      ],
    });
    expect(parseToolDefinitions('42')).toEqual({ ok: false, raw: '42' });
  });
});

describe('prettyJson', () => {
  it('pretty-prints JSON objects, also inside strings, and leaves other text alone', () => {
    expect(prettyJson('{"city":"Paris"}')).toBe('{\n  "city": "Paris"\n}');
    expect(prettyJson('plain "text"')).toBe('plain "text"');
    expect(prettyJson('42')).toBe('42');
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});
