import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import { type ChatMessage, type MessagePart, toolCallPart } from '../../src/genai/message-parts';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
  type PayloadRecord,
} from '../../src/genai/payload-readers';
import { GEN_AI_OPERATION_NAME_VALUE_CHAT } from '../../src/genai/semconv';
import type { StreamAccumulator } from '../../src/genai/stream-follower';
import type { ModelBodyMapping } from './model-body-mapping';
import { cohereFinishReasonOf } from './text-completion-bodies';

/** Cohere's chat roles → the conventions' roles. */
const ROLES: Readonly<Record<string, string>> = {
  USER: 'user',
  CHATBOT: 'assistant',
  SYSTEM: 'system',
  TOOL: 'tool',
};

/**
 * Cohere Command R and R+ (`cohere.command-r-v1:0`, `cohere.command-r-plus-v1:0`): the request's
 * `message`, `chat_history`, `preamble` (system instructions), `tools` and `tool_results`; the
 * answer's `text`, `tool_calls`, `finish_reason` and `response_id`. Stream chunks are Cohere
 * stream events (`text-generation`, `tool-calls-generation`, `stream-end`). Counts come from
 * `meta.billed_units` where the body has them, else (streams) Bedrock's invocation metrics.
 */
export const cohereChatBody: ModelBodyMapping = {
  request: (body) => ({
    operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
    maxTokens: asInteger(body.max_tokens),
    temperature: asNumber(body.temperature),
    topP: asNumber(body.p),
    topK: asInteger(body.k),
    stopSequences: asStringList(body.stop_sequences),
    seed: asInteger(body.seed),
    frequencyPenalty: asNumber(body.frequency_penalty),
    presencePenalty: asNumber(body.presence_penalty),
    content: () => ({
      inputMessages: inputMessagesOf(body),
      systemInstructions:
        typeof body.preamble === 'string' ? [{ type: 'text', content: body.preamble }] : undefined,
      toolDefinitions: (asArray(body.tools) ?? []).map((entry) => {
        const tool = asRecord(entry) ?? {};
        return {
          type: 'function',
          name: asString(tool.name) ?? '',
          description: asString(tool.description),
          parameters: tool.parameter_definitions,
        };
      }),
    }),
  }),
  result: (body, captureContent) => cohereChatResult(body, captureContent),
  streamAccumulator: (captureContent) => new CohereChatStreamAccumulator(captureContent),
};

function inputMessagesOf(body: PayloadRecord): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const entry of asArray(body.chat_history) ?? []) {
    const turn = asRecord(entry) ?? {};
    const role = ROLES[asString(turn.role) ?? ''] ?? 'user';
    messages.push({ role, parts: [...textParts(turn.message), ...toolCallParts(turn.tool_calls)] });
  }
  const results = (asArray(body.tool_results) ?? []).map((entry): MessagePart => {
    const result = asRecord(entry) ?? {};
    const call = asRecord(result.call) ?? {};
    return { type: 'tool_call_response', name: asString(call.name), response: result.outputs };
  });
  if (results.length > 0) messages.push({ role: 'tool', parts: results });
  const message = textParts(body.message);
  if (message.length > 0) messages.push({ role: 'user', parts: message });
  return messages;
}

function textParts(text: unknown): MessagePart[] {
  return typeof text === 'string' && text !== '' ? [{ type: 'text', content: text }] : [];
}

/** Cohere tool calls (`{ name, parameters }`) have no id. */
function toolCallParts(calls: unknown): MessagePart[] {
  return (asArray(calls) ?? []).map((entry) => {
    const call = asRecord(entry) ?? {};
    return toolCallPart(undefined, call.name, call.parameters);
  });
}

function cohereChatResult(body: PayloadRecord, captureContent: boolean): InferenceResult {
  const finishReason = cohereFinishReasonOf(asString(body.finish_reason)) ?? FINISH_REASON_ERROR;
  return {
    responseId: asString(body.response_id),
    finishReasons: [finishReason],
    usage: billedUsageOf(body.meta),
    outputMessages: captureContent
      ? () => [
          {
            role: 'assistant',
            parts: [...textParts(body.text), ...toolCallParts(body.tool_calls)],
            finish_reason: finishReason,
          },
        ]
      : undefined,
  };
}

function billedUsageOf(meta: unknown): TokenUsage | undefined {
  const billed = asRecord(asRecord(meta)?.billed_units);
  if (billed === undefined) return undefined;
  return { inputTokens: asInteger(billed.input_tokens), outputTokens: asInteger(billed.output_tokens) };
}

/**
 * Follows Cohere chat stream events: text pieces from `text-generation`, calls from
 * `tool-calls-generation`; `stream-end` carries the finish reason and the whole `response`.
 */
class CohereChatStreamAccumulator implements StreamAccumulator<PayloadRecord> {
  private text = '';
  private toolCalls: unknown[] = [];
  private end: PayloadRecord | undefined;

  constructor(private readonly captureContent: boolean) {}

  add(event: PayloadRecord): void {
    switch (event.event_type) {
      case 'text-generation':
        if (this.captureContent) this.text += asString(event.text) ?? '';
        return;
      case 'tool-calls-generation':
        if (this.captureContent) this.toolCalls = [...(asArray(event.tool_calls) ?? [])];
        return;
      case 'stream-end':
        this.end = event;
        return;
    }
  }

  result(): InferenceResult {
    const response = asRecord(this.end?.response) ?? {};
    return cohereChatResult(
      {
        response_id: response.response_id,
        finish_reason: this.end?.finish_reason ?? response.finish_reason,
        meta: response.meta,
        text: this.text,
        tool_calls: this.toolCalls,
      },
      this.captureContent,
    );
  }
}
