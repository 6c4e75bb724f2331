import { FINISH_REASON_ERROR, normalizeFinishReason } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import {
  type ChatMessage,
  type MessagePart,
  type OutputMessage,
  type ToolDefinition,
  toolCallPart,
} from '../../src/genai/message-parts';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  type PayloadRecord,
  parseToolArguments,
} from '../../src/genai/payload-readers';
import { GEN_AI_OPERATION_NAME_VALUE_CHAT } from '../../src/genai/semconv';
import type { StreamAccumulator, StreamEnding } from '../../src/genai/stream-follower';
import type { ModelBodyMapping } from './model-body-mapping';
import { mistralTextBody } from './text-completion-bodies';

/**
 * Mistral AI's InvokeModel bodies. Two formats share the `mistral.` ids, told apart by their
 * shape: chat completion (Mistral Large 2 and later: `messages`, `tools`; a response of
 * `choices[].message` with `stop_reason`) and text completion (Mistral 7B, Mixtral, Mistral
 * Large/Small 2402: `prompt`; `outputs[].text`). Neither body reports token counts; streams get
 * them from Bedrock's `amazon-bedrock-invocationMetrics`.
 */
export const mistralBody: ModelBodyMapping = {
  request: (body) => (body.messages === undefined ? mistralTextBody.request(body) : chatRequest(body)),
  result: (body, captureContent) =>
    body.choices === undefined
      ? mistralTextBody.result(body, captureContent)
      : chatResult(body, captureContent),
  streamAccumulator: (captureContent) => new MistralStreamAccumulator(captureContent),
};

function chatRequest(body: PayloadRecord) {
  return {
    operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
    maxTokens: asInteger(body.max_tokens),
    temperature: asNumber(body.temperature),
    topP: asNumber(body.top_p),
    content: () => ({ inputMessages: messagesOf(body.messages), toolDefinitions: toolsOf(body.tools) }),
  };
}

/** `stop`, `length`, `model_length` (the context window), `tool_calls`; the conventions' words. */
function finishReasonOf(choice: PayloadRecord): string {
  const reason = asString(choice.stop_reason) ?? asString(choice.finish_reason);
  if (reason === undefined) return FINISH_REASON_ERROR;
  return reason === 'model_length' ? 'length' : normalizeFinishReason(reason);
}

function chatResult(body: PayloadRecord, captureContent: boolean): InferenceResult {
  const choices = (asArray(body.choices) ?? []).map((choice) => asRecord(choice) ?? {});
  return {
    responseId: asString(body.id),
    finishReasons: choices.map(finishReasonOf),
    usage: usageOf(body.usage),
    outputMessages: captureContent ? () => choices.map(outputMessageOf) : undefined,
  };
}

/** Mistral's own API reports `usage`; Bedrock's bodies may not, and then the call has none. */
function usageOf(value: unknown): TokenUsage | undefined {
  const usage = asRecord(value);
  if (usage === undefined) return undefined;
  return { inputTokens: asInteger(usage.prompt_tokens), outputTokens: asInteger(usage.completion_tokens) };
}

function outputMessageOf(choice: PayloadRecord): OutputMessage {
  const message = asRecord(choice.message) ?? {};
  return { role: 'assistant', parts: partsOf(message), finish_reason: finishReasonOf(choice) };
}

function messagesOf(messages: unknown): ChatMessage[] {
  return (asArray(messages) ?? []).map((entry) => {
    const message = asRecord(entry) ?? {};
    const role = asString(message.role) ?? 'user';
    if (role === 'tool')
      return {
        role,
        parts: [
          { type: 'tool_call_response', id: asString(message.tool_call_id), response: message.content },
        ],
      };
    return { role, parts: partsOf(message) };
  });
}

/** A message's `content` (a string) and `tool_calls` (`{ id, function: { name, arguments } }`). */
function partsOf(message: PayloadRecord): MessagePart[] {
  const parts: MessagePart[] = [];
  const content = asString(message.content);
  if (content !== undefined && content !== '') parts.push({ type: 'text', content });
  for (const entry of asArray(message.tool_calls) ?? []) {
    const call = asRecord(entry) ?? {};
    const fn = asRecord(call.function) ?? {};
    parts.push(toolCallPart(call.id, fn.name, parseToolArguments(fn.arguments)));
  }
  return parts;
}

function toolsOf(tools: unknown): ToolDefinition[] | undefined {
  const definitions = (asArray(tools) ?? []).map((entry) => {
    const fn = asRecord(asRecord(entry)?.function) ?? {};
    return {
      type: 'function',
      name: asString(fn.name) ?? '',
      description: asString(fn.description),
      parameters: fn.parameters,
    };
  });
  return definitions.length > 0 ? definitions : undefined;
}

/**
 * Follows either format's stream: chat chunks carry `choices[].message` pieces (or `delta`) and a
 * final `stop_reason`; text chunks are text-completion pieces, handed to that mapping.
 */
class MistralStreamAccumulator implements StreamAccumulator<PayloadRecord> {
  private text: StreamAccumulator<PayloadRecord> | undefined;
  private readonly choices: { content: string; toolCalls: unknown[]; reason?: string }[] = [];
  private chat = false;

  constructor(private readonly captureContent: boolean) {}

  add(chunk: PayloadRecord): void {
    const choices = asArray(chunk.choices);
    if (choices === undefined) {
      this.text ??= mistralTextBody.streamAccumulator(this.captureContent);
      this.text.add(chunk);
      return;
    }
    this.chat = true;
    for (const [position, entry] of choices.entries()) {
      const choice = asRecord(entry) ?? {};
      const index = asInteger(choice.index) ?? position;
      this.choices[index] ??= { content: '', toolCalls: [] };
      const draft = this.choices[index];
      const reason = asString(choice.stop_reason) ?? asString(choice.finish_reason);
      if (reason !== undefined) draft.reason = reason;
      if (!this.captureContent) continue;
      const piece = asRecord(choice.message) ?? asRecord(choice.delta) ?? {};
      draft.content += asString(piece.content) ?? '';
      draft.toolCalls.push(...(asArray(piece.tool_calls) ?? []));
    }
  }

  result(ending: StreamEnding): InferenceResult {
    if (!this.chat) return this.text?.result(ending) ?? { finishReasons: [FINISH_REASON_ERROR] };
    return chatResult(
      {
        choices: this.choices.map((draft) => ({
          stop_reason: draft.reason,
          message: { content: draft.content, tool_calls: draft.toolCalls },
        })),
      },
      this.captureContent,
    );
  }
}
