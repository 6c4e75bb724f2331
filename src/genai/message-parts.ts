/**
 * The message shapes of the GenAI conventions' JSON schemas (`gen-ai-input-messages.json`,
 * `gen-ai-output-messages.json`, `gen-ai-system-instructions.json`, `gen-ai-tool-definitions.json`).
 * Instrumentations convert provider payloads to these; the recorder serialises them. The manual
 * API converts what users give it with {@link toInputMessages} / {@link toOutputMessages}.
 */

import { safeJsonStringify } from '../content/safe-json';

export interface TextPart {
  type: 'text';
  content: string;
}

export interface ToolCallRequestPart {
  type: 'tool_call';
  id?: string;
  name: string;
  /** Parsed JSON arguments when they parse, the raw string otherwise. */
  arguments?: unknown;
}

export interface ToolCallResponsePart {
  type: 'tool_call_response';
  id?: string;
  response: unknown;
}

export interface ReasoningPart {
  type: 'reasoning';
  content: string;
}

export interface UriPart {
  type: 'uri';
  modality: string;
  uri: string;
  mime_type?: string;
}

export interface BlobPart {
  type: 'blob';
  modality: string;
  /** Base64 content, or an elision marker when it was too large to record (see media-parts.ts). */
  content: string;
  mime_type?: string;
}

export interface FilePart {
  type: 'file';
  modality: string;
  file_id: string;
  mime_type?: string;
}

/** Any other part type; the schema allows them (`refusal`, provider-specific tool calls, …). */
export interface GenericPart {
  type: string;
  [field: string]: unknown;
}

export type MessagePart =
  | TextPart
  | ToolCallRequestPart
  | ToolCallResponsePart
  | ReasoningPart
  | UriPart
  | BlobPart
  | FilePart
  | GenericPart;

/** One entry of `gen_ai.input.messages`. */
export interface ChatMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
}

/** One entry of `gen_ai.output.messages`: exactly one choice/candidate. */
export interface OutputMessage extends ChatMessage {
  finish_reason: string;
}

/** One entry of `gen_ai.tool.definitions`. */
export interface ToolDefinition {
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
}

/** A `tool_call` part from a provider payload's id, name and arguments (read defensively). */
export function toolCallPart(id: unknown, name: unknown, args: unknown): ToolCallRequestPart {
  return {
    type: 'tool_call',
    id: typeof id === 'string' ? id : undefined,
    name: typeof name === 'string' ? name : '',
    arguments: args,
  };
}

// --- from the values users give the manual API ---

/**
 * Turns whatever a manual span was given as input into `gen_ai.input.messages` shape: messages
 * already in parts shape are kept, chat-style `{ role, content }` messages are converted, and any
 * other value becomes one user message with a text part.
 */
export function toInputMessages(value: unknown): ChatMessage[] {
  return toMessages(value, 'user');
}

/** Like {@link toInputMessages} for `gen_ai.output.messages`: default role `assistant`, `finish_reason` `stop`. */
export function toOutputMessages(value: unknown): OutputMessage[] {
  return toMessages(value, 'assistant').map((message) => ({
    ...message,
    finish_reason: message.finish_reason ?? 'stop',
  }));
}

/** A message on its way to either shape: the output's `finish_reason` when the value had one. */
type ConvertedMessage = ChatMessage & { finish_reason?: string };

function toMessages(value: unknown, defaultRole: string): ConvertedMessage[] {
  if (Array.isArray(value) && value.length > 0 && value.every(isMessageLike)) {
    return value.map((message) => toMessage(message as Record<string, unknown>));
  }
  if (isMessageLike(value)) return [toMessage(value as Record<string, unknown>)];
  return [{ role: defaultRole, parts: [textPart(value)] }];
}

function isMessageLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.role === 'string' &&
    ('parts' in candidate || 'content' in candidate || 'tool_calls' in candidate)
  );
}

function toMessage(message: Record<string, unknown>): ConvertedMessage {
  const role = message.role as string;
  const converted: ConvertedMessage = { role, parts: [] };
  if (typeof message.name === 'string') converted.name = message.name;
  if (typeof message.finish_reason === 'string') converted.finish_reason = message.finish_reason;
  if (Array.isArray(message.parts)) {
    converted.parts = message.parts.map((part) => (isPart(part) ? part : textPart(part)));
    return converted;
  }
  if (role === 'tool' && typeof message.tool_call_id === 'string') {
    converted.parts.push({ type: 'tool_call_response', id: message.tool_call_id, response: message.content });
    return converted;
  }
  converted.parts.push(...contentParts(message.content));
  if (Array.isArray(message.tool_calls)) converted.parts.push(...message.tool_calls.map(chatToolCallPart));
  return converted;
}

function contentParts(content: unknown): MessagePart[] {
  if (content === undefined || content === null) return [];
  if (!Array.isArray(content)) return [textPart(content)];
  return content.map((item) => {
    if (typeof item === 'string') return textPart(item);
    const part = item as Record<string, unknown> | null;
    // Chat-completions style `{ type: 'text', text }`.
    if (part && part.type === 'text' && typeof part.text === 'string') return textPart(part.text);
    return isPart(part) ? part : textPart(part);
  });
}

/** A chat-completions style `{ id, function: { name, arguments } }` (or flat) tool call. */
function chatToolCallPart(call: unknown): MessagePart {
  const record = (typeof call === 'object' && call !== null ? call : {}) as Record<string, unknown>;
  const fn = (record.function ?? record) as Record<string, unknown>;
  return toolCallPart(record.id, fn.name, parseJsonIfString(fn.arguments));
}

function isPart(value: unknown): value is MessagePart {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

function textPart(value: unknown): TextPart {
  return { type: 'text', content: typeof value === 'string' ? value : safeJsonStringify(value) };
}

/** The conventions prefer tool arguments as objects; models send them as JSON text. */
function parseJsonIfString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
