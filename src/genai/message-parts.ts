/**
 * The message shapes of the GenAI conventions' JSON schemas (`gen-ai-input-messages.json`,
 * `gen-ai-output-messages.json`, `gen-ai-system-instructions.json`, `gen-ai-tool-definitions.json`).
 * Instrumentations convert provider payloads to these; the recorder serialises them.
 */

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
