import {
  blobPart,
  elidedMediaMarker,
  MAX_INLINE_MEDIA_CHARS,
  mediaPartFromUrl,
  modalityOfMimeType,
} from '../../src/genai/media-parts';
import {
  type ChatMessage,
  type MessagePart,
  type OutputMessage,
  type ToolDefinition,
  toolCallPart,
} from '../../src/genai/message-parts';
import type { ContentPartLike } from './internal-types';

/**
 * AI SDK `ModelMessage`s (what `onLanguageModelCallStart` reports: the prompt after
 * standardisation) as `gen_ai.input.messages`: text, reasoning, tool calls and results, media.
 */
export function inputMessagesOf(messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages)) return [];
  const converted: ChatMessage[] = [];
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (typeof role !== 'string') continue;
    converted.push({ role, parts: partsOf(content) });
  }
  return converted;
}

/** `instructions` / `system` (a string, a system message or a list of them) as system-instruction parts. */
export function systemInstructionsOf(instructions: unknown): MessagePart[] {
  if (instructions === undefined || instructions === null) return [];
  const items = Array.isArray(instructions) ? instructions : [instructions];
  const parts: MessagePart[] = [];
  for (const item of items) {
    if (typeof item === 'string') parts.push({ type: 'text', content: item });
    else if (typeof item === 'object' && item !== null && 'content' in item)
      parts.push(...partsOf((item as { content: unknown }).content));
  }
  return parts;
}

/** The prepared tool definitions of a model call (`{ type, name, description, inputSchema }`). */
export function toolDefinitionsOf(tools: unknown): ToolDefinition[] {
  if (!Array.isArray(tools)) return [];
  const definitions: ToolDefinition[] = [];
  for (const tool of tools) {
    if (typeof tool !== 'object' || tool === null) continue;
    const { type, name, description, inputSchema } = tool as Record<string, unknown>;
    if (typeof name !== 'string') continue;
    const definition: ToolDefinition = {
      // `provider` tools (web search …) run at the provider: an extension in the conventions' terms.
      type: type === 'function' || type === undefined ? 'function' : 'extension',
      name,
    };
    if (typeof description === 'string') definition.description = description;
    if (inputSchema !== undefined) definition.parameters = inputSchema;
    definitions.push(definition);
  }
  return definitions;
}

/** A model call's generated content as the one `gen_ai.output.messages` entry. */
export function outputMessageOf(
  content: ReadonlyArray<ContentPartLike> | undefined,
  finishReason: string,
): OutputMessage {
  return { role: 'assistant', parts: partsOf(content ?? []), finish_reason: finishReason };
}

function partsOf(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const part of content) {
    const converted = partOf(part);
    if (converted !== undefined) parts.push(converted);
  }
  return parts;
}

function partOf(value: unknown): MessagePart | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const part = value as Record<string, unknown>;
  switch (part.type) {
    case 'text':
      return { type: 'text', content: String(part.text ?? '') };
    case 'reasoning':
      return { type: 'reasoning', content: String(part.text ?? '') };
    case 'tool-call':
      return toolCallPart(part.toolCallId, part.toolName, part.input);
    case 'tool-result':
      return {
        type: 'tool_call_response',
        id: stringOrUndefined(part.toolCallId),
        response: resultOf(part.output),
      };
    case 'tool-error':
      return {
        type: 'tool_call_response',
        id: stringOrUndefined(part.toolCallId),
        response: String(part.error),
      };
    case 'image':
      return mediaPart('image', part.image, stringOrUndefined(part.mediaType));
    case 'file': {
      const mimeType = stringOrUndefined(part.mediaType);
      return mediaPart(modalityOfMimeType(mimeType), part.data ?? part.file, mimeType);
    }
    default:
      return typeof part.type === 'string' ? { type: part.type } : undefined;
  }
}

/** Tool outputs come wrapped (`{ type: 'json' | 'text' | 'error-text' …, value }`); the value is the result. */
function resultOf(output: unknown): unknown {
  if (typeof output === 'object' && output !== null && 'value' in output && 'type' in output)
    return (output as { value: unknown }).value;
  return output;
}

function mediaPart(modality: string, data: unknown, mimeType: string | undefined): MessagePart {
  if (data instanceof URL) return mediaPartFromUrl(modality, data.href);
  if (typeof data === 'string') {
    if (/^(https?|data):/i.test(data)) return mediaPartFromUrl(modality, data);
    return blobPart(modality, data, mimeType);
  }
  if (data instanceof Uint8Array) {
    // Do not encode megabytes only to elide them.
    const base64Length = Math.ceil(data.byteLength / 3) * 4;
    if (base64Length > MAX_INLINE_MEDIA_CHARS) {
      const part: MessagePart = { type: 'blob', modality, content: elidedMediaMarker(base64Length) };
      if (mimeType !== undefined) part.mime_type = mimeType;
      return part;
    }
    return blobPart(modality, Buffer.from(data).toString('base64'), mimeType);
  }
  return { type: modality, ...(mimeType !== undefined ? { mime_type: mimeType } : {}) };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
