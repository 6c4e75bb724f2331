import { mediaPartFromUrl } from '../../src/genai/media-parts';
import type { ChatMessage, MessagePart, OutputMessage, ToolDefinition } from '../../src/genai/message-parts';
import {
  asArray,
  asRecord,
  asString,
  type PayloadRecord,
  parseToolArguments,
} from '../../src/genai/payload-readers';
import { contentPartsOf } from './content-parts';

/** Chat Completions `messages` → `gen_ai.input.messages`. */
export function chatInputMessages(messages: unknown): ChatMessage[] {
  const converted: ChatMessage[] = [];
  for (const entry of asArray(messages) ?? []) {
    const message = asRecord(entry);
    if (message === undefined) continue;
    const role = asString(message.role) ?? 'user';
    const chatMessage: ChatMessage = { role, parts: chatMessageParts(role, message) };
    const name = asString(message.name);
    if (name !== undefined && role !== 'function') chatMessage.name = name;
    converted.push(chatMessage);
  }
  return converted;
}

function chatMessageParts(role: string, message: PayloadRecord): MessagePart[] {
  if (role === 'tool') {
    return [
      {
        type: 'tool_call_response',
        id: asString(message.tool_call_id),
        response: toolResponse(message.content),
      },
    ];
  }
  if (role === 'function') {
    return [
      { type: 'tool_call_response', id: asString(message.name), response: toolResponse(message.content) },
    ];
  }
  const parts = contentPartsOf(message.content);
  const refusal = asString(message.refusal);
  if (refusal) parts.push({ type: 'refusal', content: refusal });
  for (const call of asArray(message.tool_calls) ?? []) {
    const part = toolCallPart(call);
    if (part !== undefined) parts.push(part);
  }
  const legacyCall = asRecord(message.function_call);
  if (legacyCall !== undefined) {
    parts.push({
      type: 'tool_call',
      name: asString(legacyCall.name) ?? '',
      arguments: parseToolArguments(legacyCall.arguments),
    });
  }
  const audio = asRecord(message.audio);
  if (audio !== undefined && asString(audio.id)) parts.push({ type: 'audio', id: asString(audio.id) });
  return parts;
}

/** A tool result is usually a string; text-part arrays are joined so it reads as one value. */
function toolResponse(content: unknown): unknown {
  if (typeof content === 'string') return content;
  const parts = asArray(content);
  if (parts === undefined) return content;
  return parts
    .map((part) => asString(asRecord(part)?.text) ?? '')
    .filter((text) => text !== '')
    .join('');
}

/** `{id, type:'function', function:{name, arguments}}` or a custom tool call → a `tool_call` part. */
export function toolCallPart(value: unknown): MessagePart | undefined {
  const call = asRecord(value);
  if (call === undefined) return undefined;
  const fn = asRecord(call.function);
  if (fn !== undefined) {
    return {
      type: 'tool_call',
      id: asString(call.id),
      name: asString(fn.name) ?? '',
      arguments: parseToolArguments(fn.arguments),
    };
  }
  const custom = asRecord(call.custom);
  if (custom !== undefined) {
    return {
      type: 'tool_call',
      id: asString(call.id),
      name: asString(custom.name) ?? '',
      arguments: custom.input,
    };
  }
  return undefined;
}

/** Chat Completions `tools` (and legacy `functions`) → `gen_ai.tool.definitions`. */
export function chatToolDefinitions(tools: unknown, functions?: unknown): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  for (const entry of asArray(tools) ?? []) {
    const tool = asRecord(entry);
    if (tool === undefined) continue;
    const type = asString(tool.type) ?? 'function';
    const body = asRecord(tool[type]) ?? asRecord(tool.function);
    definitions.push(toolDefinition(type, body));
  }
  for (const entry of asArray(functions) ?? []) definitions.push(toolDefinition('function', asRecord(entry)));
  return definitions;
}

function toolDefinition(type: string, body: PayloadRecord | undefined): ToolDefinition {
  const definition: ToolDefinition = { type, name: asString(body?.name) ?? type };
  const description = asString(body?.description);
  if (description !== undefined) definition.description = description;
  if (body?.parameters !== undefined) definition.parameters = body.parameters;
  return definition;
}

/** One choice of a ChatCompletion (or a stream's assembled choice) → an output message. */
export function chatOutputMessage(message: PayloadRecord | undefined, finishReason: string): OutputMessage {
  const parts: MessagePart[] = [];
  if (message !== undefined) {
    // OpenAI-compatible servers (DeepSeek, vLLM, Ollama) return chain of thought here.
    const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning);
    if (reasoning) parts.push({ type: 'reasoning', content: reasoning });
    parts.push(...chatMessageParts('assistant', message));
  }
  return { role: asString(message?.role) ?? 'assistant', parts, finish_reason: finishReason };
}

/** An image URL in a chat content part. */
export function imagePart(url: string): MessagePart {
  return mediaPartFromUrl('image', url);
}
