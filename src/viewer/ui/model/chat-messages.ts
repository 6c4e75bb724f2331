import type { AttributeValue } from '../api/api-types';

/**
 * Reads the GenAI content attributes (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`, `gen_ai.tool.definitions`) into shapes the transcript renders.
 * The values are untrusted: anything an app (or an attacker talking to it) sent. Nothing here
 * throws; what does not fit the conventions' shapes is kept as raw text or an `other` part, so
 * the UI shows it instead of hiding it.
 */

/** One part of a message, normalised. */
export type ChatPart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id?: string; response: unknown }
  | {
      type: 'media';
      /** The conventions' part type: blob (inline bytes), uri or file (a provider file id). */
      kind: 'blob' | 'uri' | 'file';
      modality?: string;
      mimeType?: string;
      /** The uri or file id; never the blob's bytes. */
      reference?: string;
      /** Length of a blob's base64 content, in characters. */
      contentLength?: number;
    }
  | { type: 'other'; typeName: string; value: unknown };

export interface ChatMessage {
  role: string;
  name?: string;
  parts: ChatPart[];
  finishReason?: string;
}

export interface ToolDefinition {
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
}

/** Parsed content, or the raw value when it was not the JSON the conventions describe. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; raw: string };

/** `gen_ai.input.messages` / `gen_ai.output.messages`; undefined when the attribute is absent. */
export function parseMessages(value: AttributeValue | undefined): Parsed<ChatMessage[]> | undefined {
  if (value === undefined || value === null) return undefined;
  const json = parseJsonValue(value);
  if (!json.ok) return json;
  const list = Array.isArray(json.value) ? json.value : isRecord(json.value) ? [json.value] : undefined;
  if (list === undefined) return { ok: false, raw: rawText(value) };
  return { ok: true, value: list.map(toMessage) };
}

/**
 * `gen_ai.system_instructions`: an array of parts, though some instrumentations record the
 * instructions as a plain string; both read as parts.
 */
export function parseSystemInstructions(value: AttributeValue | undefined): ChatPart[] | undefined {
  if (value === undefined || value === null) return undefined;
  const json = parseJsonValue(value);
  if (json.ok) {
    if (Array.isArray(json.value)) return json.value.map(toPart);
    if (isRecord(json.value)) {
      // A whole message instead of its parts.
      return Array.isArray(json.value.parts) ? json.value.parts.map(toPart) : [toPart(json.value)];
    }
  }
  return [{ type: 'text', content: rawText(value) }];
}

/** `gen_ai.tool.definitions`. */
export function parseToolDefinitions(
  value: AttributeValue | undefined,
): Parsed<ToolDefinition[]> | undefined {
  if (value === undefined || value === null) return undefined;
  const json = parseJsonValue(value);
  if (!json.ok || !Array.isArray(json.value)) return { ok: false, raw: rawText(value) };
  return {
    ok: true,
    value: json.value.map((item): ToolDefinition => {
      if (!isRecord(item)) return { type: 'unknown', name: textOf(item) };
      // OpenAI's request shape ({type:'function', function:{name,…}}) shows up too.
      const inner = isRecord(item.function) ? item.function : item;
      return {
        type: typeof item.type === 'string' ? item.type : 'function',
        name: typeof inner.name === 'string' ? inner.name : '(unnamed)',
        description: typeof inner.description === 'string' ? inner.description : undefined,
        parameters: inner.parameters,
      };
    }),
  };
}

/**
 * A JSON value as readable text: strings that hold JSON are parsed and pretty-printed, other
 * strings stay as they are, objects are pretty-printed.
 */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    const parsed = tryParseJson(value);
    if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) {
      return JSON.stringify(parsed.value, null, 2);
    }
    return value;
  }
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function toMessage(item: unknown): ChatMessage {
  if (!isRecord(item)) return { role: 'unknown', parts: [toPart(item)] };
  const message: ChatMessage = {
    role: typeof item.role === 'string' && item.role !== '' ? item.role : 'unknown',
    parts: [],
  };
  if (typeof item.name === 'string') message.name = item.name;
  if (typeof item.finish_reason === 'string') message.finishReason = item.finish_reason;
  if (Array.isArray(item.parts)) message.parts = item.parts.map(toPart);
  else if (typeof item.content === 'string') message.parts = [{ type: 'text', content: item.content }];
  else if (Array.isArray(item.content)) message.parts = item.content.map(toPart);
  else if (item.content !== undefined) message.parts = [toPart(item.content)];
  return message;
}

function toPart(item: unknown): ChatPart {
  if (typeof item === 'string') return { type: 'text', content: item };
  if (!isRecord(item)) return { type: 'other', typeName: typeof item, value: item };
  const type = typeof item.type === 'string' ? item.type : '';
  switch (type) {
    case 'text':
      return { type: 'text', content: textOf(item.content ?? item.text) };
    case 'reasoning':
    case 'thinking':
      return { type: 'reasoning', content: textOf(item.content ?? item.text ?? item.thinking) };
    case 'tool_call':
      return {
        type: 'tool_call',
        id: optionalText(item.id),
        name: typeof item.name === 'string' ? item.name : '(unnamed tool)',
        arguments: item.arguments,
      };
    case 'tool_call_response':
      // The schema field is `response`; some examples in the conventions' docs still say `result`.
      return {
        type: 'tool_call_response',
        id: optionalText(item.id),
        response: item.response !== undefined ? item.response : item.result,
      };
    case 'blob':
    case 'uri':
    case 'file':
      return {
        type: 'media',
        kind: type,
        modality: optionalText(item.modality),
        mimeType: optionalText(item.mime_type),
        reference:
          type === 'uri' ? optionalText(item.uri) : type === 'file' ? optionalText(item.file_id) : undefined,
        contentLength: type === 'blob' && typeof item.content === 'string' ? item.content.length : undefined,
      };
    default:
      return { type: 'other', typeName: type || 'unknown', value: item };
  }
}

function parseJsonValue(value: AttributeValue): { ok: true; value: unknown } | { ok: false; raw: string } {
  if (typeof value !== 'string') {
    // An array attribute of JSON strings, one per message, is a shape some SDKs send.
    if (Array.isArray(value)) {
      return { ok: true, value: value.map((item) => (typeof item === 'string' ? jsonOrText(item) : item)) };
    }
    return { ok: false, raw: rawText(value) };
  }
  const parsed = tryParseJson(value);
  return parsed.ok ? parsed : { ok: false, raw: value };
}

function jsonOrText(text: string): unknown {
  const parsed = tryParseJson(text);
  return parsed.ok ? parsed.value : text;
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return prettyJson(value);
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function rawText(value: AttributeValue): string {
  return typeof value === 'string' ? value : prettyJson(value);
}
