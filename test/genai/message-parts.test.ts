import { describe, expect, it } from 'vitest';
import { toInputMessages, toOutputMessages } from '../../src/genai/message-parts';

describe('message parts conversion', () => {
  it('keeps messages already in parts shape', () => {
    const messages = [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }];
    expect(toInputMessages(messages)).toEqual(messages);
  });

  it('wraps text and other values in one message', () => {
    expect(toInputMessages('hi')).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
    expect(toOutputMessages({ answer: 42 })).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: '{"answer":42}' }], finish_reason: 'stop' },
    ]);
  });

  it('converts chat-style content arrays, tool calls and tool results', () => {
    expect(
      toInputMessages([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
          ],
        },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'c1', function: { name: 'f', arguments: 'not json' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: { ok: true } },
      ]),
    ).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'look' },
          { type: 'image_url', image_url: { url: 'https://x/y.png' } },
        ],
      },
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: '' },
          { type: 'tool_call', id: 'c1', name: 'f', arguments: 'not json' },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: { ok: true } }] },
    ]);
  });

  it('keeps a given finish_reason on output messages', () => {
    expect(toOutputMessages([{ role: 'assistant', content: 'cut', finish_reason: 'length' }])).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'cut' }], finish_reason: 'length' },
    ]);
  });
});
