import type { ChatMessage, MessagePart, OutputMessage } from '../../src/genai/message-parts';
import type { LangChainMessageLike } from './internal-types';

/** LangChain message types → the conventions' roles. */
const ROLE_BY_TYPE: Record<string, string> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  developer: 'system',
  tool: 'tool',
  function: 'tool',
};

/** Whether `value` looks like a LangChain `BaseMessage` (any copy of @langchain/core). */
export function isLangChainMessage(value: unknown): value is LangChainMessageLike {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as LangChainMessageLike;
  return (
    'content' in message &&
    (typeof message._getType === 'function' ||
      typeof message.getType === 'function' ||
      typeof message.type === 'string')
  );
}

function messageType(message: LangChainMessageLike): string {
  try {
    if (typeof message.getType === 'function') return message.getType();
    if (typeof message._getType === 'function') return message._getType();
  } catch {
    // A message class that cannot say its type is treated as a generic one below.
  }
  return typeof message.type === 'string' ? message.type : 'generic';
}

/** One LangChain message in the conventions' `{ role, parts }` shape. */
export function toChatMessage(message: LangChainMessageLike): ChatMessage {
  const type = messageType(message);
  const role = ROLE_BY_TYPE[type] ?? (typeof message.role === 'string' ? message.role : 'user');
  const converted: ChatMessage = { role, parts: [] };
  if (typeof message.name === 'string' && message.name !== '') converted.name = message.name;
  if (type === 'tool' || type === 'function') {
    converted.parts.push({
      type: 'tool_call_response',
      id: typeof message.tool_call_id === 'string' ? message.tool_call_id : undefined,
      response: textOf(message.content),
    });
    return converted;
  }
  converted.parts.push(...contentParts(message.content));
  for (const call of message.tool_calls ?? []) {
    converted.parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.args });
  }
  return converted;
}

/** The model's answer as one output message. */
export function toOutputMessage(
  message: LangChainMessageLike | undefined,
  text: string | undefined,
  finishReason: string,
): OutputMessage {
  if (message !== undefined)
    return { ...toChatMessage(message), role: 'assistant', finish_reason: finishReason };
  return { role: 'assistant', parts: [{ type: 'text', content: text ?? '' }], finish_reason: finishReason };
}

/**
 * Chain inputs and outputs: LangChain messages (alone, in a list, or under `messages` as in
 * LangGraph state) become messages in parts shape, so they are recorded like model messages;
 * anything else is left for the generic recorder.
 */
export function chainValueForRecording(value: unknown): unknown {
  if (isLangChainMessage(value)) return [toChatMessage(value)];
  if (Array.isArray(value) && value.length > 0 && value.every(isLangChainMessage)) {
    return value.map(toChatMessage);
  }
  const messages = (value as { messages?: unknown } | null | undefined)?.messages;
  if (Array.isArray(messages) && messages.length > 0 && messages.every(isLangChainMessage)) {
    return messages.map(toChatMessage);
  }
  return value;
}

function contentParts(content: unknown): MessagePart[] {
  if (content === undefined || content === null || content === '') return [];
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [{ type: 'text', content: textOf(content) }];
  return content.map((block): MessagePart => {
    if (typeof block === 'string') return { type: 'text', content: block };
    const record = block as Record<string, unknown> | null;
    if (record?.type === 'text' && typeof record.text === 'string')
      return { type: 'text', content: record.text };
    if (typeof record?.type === 'string') return record as MessagePart;
    return { type: 'text', content: textOf(record) };
  });
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((block) =>
        typeof block === 'string' ? block : typeof block?.text === 'string' ? (block.text as string) : '',
      )
      .join('');
  }
  try {
    return JSON.stringify(content) ?? '';
  } catch {
    return String(content);
  }
}
