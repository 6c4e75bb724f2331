import { blobPart, mediaPartFromUrl, modalityOfMimeType } from '../../src/genai/media-parts';
import { type MessagePart, toolCallPart } from '../../src/genai/message-parts';
import { asArray, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';

/**
 * Anthropic content (a string or an array of content blocks, in requests and responses alike) →
 * the conventions' message parts. `redacted_thinking` is encrypted and never exported; images and
 * documents become `blob`/`uri`/`file` parts whose large base64 is elided (media-parts.ts);
 * unknown block types keep only their type, so nothing unexpected is dumped.
 */
export function partsOf(content: unknown): MessagePart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', content }];
  const parts: MessagePart[] = [];
  for (const entry of asArray(content) ?? []) {
    const block = asRecord(entry);
    const part = block === undefined ? undefined : partOf(block);
    if (part !== undefined) parts.push(part);
  }
  return parts;
}

function partOf(block: PayloadRecord): MessagePart | undefined {
  const type = asString(block.type) ?? 'unknown';
  switch (type) {
    case 'text':
      return { type: 'text', content: asString(block.text) ?? '' };
    case 'thinking':
      return { type: 'reasoning', content: asString(block.thinking) ?? '' };
    case 'redacted_thinking':
      return undefined;
    case 'tool_use':
    case 'mcp_tool_use':
      return toolCallPart(block.id, block.name, block.input);
    case 'server_tool_use': {
      const name = asString(block.name) ?? '';
      const call = { type: name, arguments: block.input };
      return { type: 'server_tool_call', id: asString(block.id), name, server_tool_call: call };
    }
    case 'tool_result':
    case 'mcp_tool_result': {
      const response = typeof block.content === 'string' ? block.content : partsOf(block.content);
      return { type: 'tool_call_response', id: asString(block.tool_use_id), response };
    }
    case 'image':
    case 'document':
      return mediaPartOf(type, asRecord(block.source));
    default:
      // Server tools' results (`web_search_tool_result`, `code_execution_tool_result`, …): their
      // payloads are large or encrypted, so only what kind of result it was is kept.
      return type.endsWith('_tool_result')
        ? {
            type: 'server_tool_call_response',
            id: asString(block.tool_use_id),
            server_tool_call_response: { type },
          }
        : { type };
  }
}

function mediaPartOf(blockType: 'image' | 'document', source: PayloadRecord | undefined): MessagePart {
  const mimeType = asString(source?.media_type);
  const modality = blockType === 'image' ? 'image' : modalityOfMimeType(mimeType);
  switch (source?.type) {
    case 'base64':
      return blobPart(modality, asString(source.data) ?? '', mimeType);
    case 'url':
      return mediaPartFromUrl(modality, asString(source.url) ?? '');
    case 'file':
      return { type: 'file', modality, file_id: asString(source.file_id) ?? '' };
    case 'text':
      // A plain-text document: its text is the content.
      return { type: 'text', content: asString(source.data) ?? '' };
    default:
      return { type: blockType };
  }
}
