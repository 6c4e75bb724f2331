import { blobPart, elidedMediaMarker, keepsInlineMedia } from '../../src/genai/media-parts';
import type { BlobPart, ChatMessage, MessagePart, ToolDefinition } from '../../src/genai/message-parts';
import { asArray, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';

/** Converse `messages` (`{ role, content: ContentBlock[] }`) → input messages. */
export function converseInputMessages(messages: unknown): ChatMessage[] {
  const result: ChatMessage[] = [];
  for (const entry of asArray(messages) ?? []) {
    const message = asRecord(entry);
    if (message === undefined) continue;
    result.push({ role: asString(message.role) ?? 'user', parts: converseParts(message.content) });
  }
  return result;
}

/** Converse `system` blocks → system instruction parts (cache points and guard markers left out). */
export function converseSystemParts(system: unknown): MessagePart[] {
  return converseParts(system);
}

/** Converse `toolConfig.tools` (`{ toolSpec: { name, description, inputSchema: { json } } }`). */
export function converseToolDefinitions(toolConfig: unknown): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  for (const entry of asArray(asRecord(toolConfig)?.tools) ?? []) {
    const spec = asRecord(asRecord(entry)?.toolSpec);
    if (spec === undefined) continue;
    const definition: ToolDefinition = { type: 'function', name: asString(spec.name) ?? '' };
    const description = asString(spec.description);
    if (description !== undefined) definition.description = description;
    const parameters = asRecord(spec.inputSchema)?.json;
    if (parameters !== undefined) definition.parameters = parameters;
    definitions.push(definition);
  }
  return definitions;
}

/**
 * Converse content blocks → message parts: `text`, `toolUse` (tool_call), `toolResult`
 * (tool_call_response), `reasoningContent` (reasoning), `image`/`document`/`video` with inline
 * bytes (blob, large ones elided) or an S3 location (uri). `cachePoint` markers are not content.
 */
export function converseParts(content: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const entry of asArray(content) ?? []) {
    const block = asRecord(entry);
    if (block === undefined) continue;
    const part = partOf(block);
    if (part !== undefined) parts.push(part);
  }
  return parts;
}

function partOf(block: PayloadRecord): MessagePart | undefined {
  const text = asString(block.text);
  if (text !== undefined) return { type: 'text', content: text };
  const toolUse = asRecord(block.toolUse);
  if (toolUse !== undefined)
    return {
      type: 'tool_call',
      id: asString(toolUse.toolUseId),
      name: asString(toolUse.name) ?? '',
      arguments: toolUse.input,
    };
  const toolResult = asRecord(block.toolResult);
  if (toolResult !== undefined)
    return {
      type: 'tool_call_response',
      id: asString(toolResult.toolUseId),
      response: toolResultResponse(toolResult.content),
    };
  const reasoning = asRecord(block.reasoningContent);
  if (reasoning !== undefined) {
    const reasoningText = asString(asRecord(reasoning.reasoningText)?.text);
    return reasoningText === undefined ? undefined : { type: 'reasoning', content: reasoningText };
  }
  for (const modality of ['image', 'document', 'video'] as const) {
    const media = asRecord(block[modality]);
    if (media !== undefined) return mediaPart(modality, media);
  }
  const guarded = asString(asRecord(asRecord(block.guardContent)?.text)?.text);
  if (guarded !== undefined) return { type: 'text', content: guarded };
  return undefined;
}

/** A tool result's content blocks: the text when it is all text, else the blocks' values. */
function toolResultResponse(content: unknown): unknown {
  const blocks = (asArray(content) ?? []).map((entry) => asRecord(entry) ?? {});
  const texts = blocks.map((block) => asString(block.text));
  if (texts.every((text) => text !== undefined)) return texts.join('');
  return blocks.map((block) => block.json ?? block.text ?? converseParts([block])[0]);
}

function mediaPart(modality: 'image' | 'document' | 'video', media: PayloadRecord): MessagePart | undefined {
  const format = asString(media.format);
  const mimeType =
    format === undefined ? undefined : `${modality === 'document' ? 'application' : modality}/${format}`;
  const source = asRecord(media.source);
  const s3Uri = asString(asRecord(source?.s3Location)?.uri);
  if (s3Uri !== undefined)
    return { type: 'uri', modality, uri: s3Uri, ...(mimeType ? { mime_type: mimeType } : {}) };
  const bytes = source?.bytes;
  if (bytes instanceof Uint8Array) return bytesPart(modality, bytes, mimeType);
  if (typeof bytes === 'string') return blobPart(modality, bytes, mimeType);
  const text = asString(source?.text);
  if (text !== undefined) return { type: 'text', content: text };
  return undefined;
}

/** Raw bytes (the SDK takes `Uint8Array`s) as a blob part, encoded only when small enough to keep. */
function bytesPart(modality: string, bytes: Uint8Array, mimeType: string | undefined): BlobPart {
  const base64Length = Math.ceil(bytes.byteLength / 3) * 4;
  const part: BlobPart = {
    type: 'blob',
    modality,
    content: keepsInlineMedia(base64Length)
      ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
      : elidedMediaMarker(base64Length),
  };
  if (mimeType) part.mime_type = mimeType;
  return part;
}
