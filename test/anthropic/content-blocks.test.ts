import { describe, expect, it } from 'vitest';
import { partsOf } from '../../instrumentations/anthropic/content-blocks';

describe('Anthropic content blocks as message parts', () => {
  it('maps server tools, MCP tools, file and text sources, and keeps unknown blocks by type only', () => {
    expect(
      partsOf([
        { type: 'server_tool_use', id: 'srvtoolu_01', name: 'web_search', input: { query: 'Bouvet Island' } },
        {
          type: 'web_search_tool_result',
          tool_use_id: 'srvtoolu_01',
          content: [
            { type: 'web_search_result', encrypted_content: 'EqgfCioIARgBIiQ3', url: 'https://x.test' },
          ],
        },
        { type: 'mcp_tool_use', id: 'mcptoolu_01', name: 'lookup', server_name: 'wiki', input: { q: 'x' } },
        { type: 'mcp_tool_result', tool_use_id: 'mcptoolu_01', content: [{ type: 'text', text: 'found' }] },
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Plain notes.' } },
        { type: 'document', source: { type: 'file', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' } },
        { type: 'document', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
        { type: 'container_upload', file_id: 'file_011C' },
        'not a block',
      ]),
    ).toEqual([
      {
        type: 'server_tool_call',
        id: 'srvtoolu_01',
        name: 'web_search',
        server_tool_call: { type: 'web_search', arguments: { query: 'Bouvet Island' } },
      },
      {
        type: 'server_tool_call_response',
        id: 'srvtoolu_01',
        server_tool_call_response: { type: 'web_search_tool_result' },
      },
      { type: 'tool_call', id: 'mcptoolu_01', name: 'lookup', arguments: { q: 'x' } },
      { type: 'tool_call_response', id: 'mcptoolu_01', response: [{ type: 'text', content: 'found' }] },
      { type: 'text', content: 'Plain notes.' },
      { type: 'file', modality: 'document', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' },
      { type: 'uri', modality: 'document', uri: 'https://example.com/paper.pdf' },
      { type: 'container_upload' },
    ]);
  });

  it('drops redacted thinking and an empty string', () => {
    expect(partsOf([{ type: 'redacted_thinking', data: 'EmwKAhgB' }])).toEqual([]);
    expect(partsOf('')).toEqual([]);
  });
});
