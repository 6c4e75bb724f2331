import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';
import type { ChatMessage, MessagePart, OutputMessage, ToolDefinition } from '../../src/genai/message-parts';
import {
  asArray,
  asRecord,
  asString,
  type PayloadRecord,
  parseToolArguments,
} from '../../src/genai/payload-readers';
import { contentPartsOf } from './content-parts';

/** Responses `input` (a string or a list of items) → `gen_ai.input.messages`, one message per item. */
export function responsesInputMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  const messages: ChatMessage[] = [];
  for (const entry of asArray(input) ?? []) {
    const item = asRecord(entry);
    if (item === undefined) continue;
    const role = asString(item.role);
    const type = asString(item.type) ?? 'message';
    if (role !== undefined && type === 'message') {
      messages.push({ role, parts: contentPartsOf(item.content) });
      continue;
    }
    const part = itemPart(item, type);
    messages.push({ role: isToolOutput(type) ? 'tool' : 'assistant', parts: [part] });
  }
  return messages;
}

/** Responses `output` items → one assistant output message (one response is one choice). */
export function responsesOutputMessage(output: unknown, finishReason: string): OutputMessage {
  const parts: MessagePart[] = [];
  for (const entry of asArray(output) ?? []) {
    const item = asRecord(entry);
    if (item === undefined) continue;
    const type = asString(item.type) ?? 'message';
    if (type === 'message') parts.push(...contentPartsOf(item.content));
    else parts.push(itemPart(item, type));
  }
  return { role: 'assistant', parts, finish_reason: finishReason };
}

function isToolOutput(type: string): boolean {
  return type.endsWith('_output');
}

/** A non-message item (tool calls, their outputs, reasoning, built-in tools) → one part. */
function itemPart(item: PayloadRecord, type: string): MessagePart {
  switch (type) {
    case 'function_call':
      return {
        type: 'tool_call',
        id: asString(item.call_id),
        name: asString(item.name) ?? '',
        arguments: parseToolArguments(item.arguments),
      };
    case 'custom_tool_call':
      return {
        type: 'tool_call',
        id: asString(item.call_id),
        name: asString(item.name) ?? '',
        arguments: item.input,
      };
    case 'function_call_output':
    case 'custom_tool_call_output':
      return { type: 'tool_call_response', id: asString(item.call_id), response: item.output };
    case 'reasoning':
      return { type: 'reasoning', content: reasoningText(item) };
    default:
      if (isToolOutput(type)) {
        return {
          type: 'server_tool_call_response',
          id: asString(item.call_id) ?? asString(item.id),
          server_tool_call_response: { type },
        };
      }
      if (type.endsWith('_call')) {
        // Built-in tools run by OpenAI (web search, file search, code interpreter, MCP, …). Only
        // the type is kept: their payloads (images, file contents) are large.
        return {
          type: 'server_tool_call',
          id: asString(item.id),
          name: asString(item.name) ?? type,
          server_tool_call: { type },
        };
      }
      return { type, id: asString(item.id) };
  }
}

function reasoningText(item: PayloadRecord): string {
  const texts: string[] = [];
  for (const source of [item.summary, item.content]) {
    for (const entry of asArray(source) ?? []) {
      const text = asString(asRecord(entry)?.text);
      if (text) texts.push(text);
    }
  }
  return texts.join('\n');
}

/** Responses `tools` → `gen_ai.tool.definitions` (built-in tools as `{type, name: type}`). */
export function responsesToolDefinitions(tools: unknown): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  for (const entry of asArray(tools) ?? []) {
    const tool = asRecord(entry);
    if (tool === undefined) continue;
    const type = asString(tool.type) ?? 'function';
    const definition: ToolDefinition = {
      type,
      name: asString(tool.name) ?? asString(tool.server_label) ?? type,
    };
    const description = asString(tool.description);
    if (description !== undefined) definition.description = description;
    if (tool.parameters !== undefined) definition.parameters = tool.parameters;
    definitions.push(definition);
  }
  return definitions;
}

/**
 * A Response's outcome as a conventions finish reason: `tool_call` when it ends in function calls,
 * `length`/`content_filter` for incomplete responses, `error` for failed or cancelled ones.
 */
export function responsesFinishReason(response: PayloadRecord): string | undefined {
  const status = asString(response.status);
  switch (status) {
    case 'completed': {
      const output = asArray(response.output) ?? [];
      const callsTool = output.some((item) => {
        const type = asString(asRecord(item)?.type);
        return type === 'function_call' || type === 'custom_tool_call';
      });
      return callsTool ? 'tool_call' : 'stop';
    }
    case 'incomplete': {
      const reason = asString(asRecord(response.incomplete_details)?.reason);
      if (reason === 'max_output_tokens') return 'length';
      return reason ?? 'length';
    }
    case 'failed':
    case 'cancelled':
      return FINISH_REASON_ERROR;
    default:
      // queued / in_progress (background mode): nothing has finished yet.
      return undefined;
  }
}
