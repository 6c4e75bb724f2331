import type { Endpoint } from '../../src/genai/endpoint';
import type { InferenceRequest, InferenceResult } from '../../src/genai/inference-types';
import type { OperationSpec } from '../../src/genai/operation-spec';
import { asArray, asInteger, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import {
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OUTPUT_TYPE_VALUE_JSON,
  GEN_AI_OUTPUT_TYPE_VALUE_SPEECH,
  GEN_AI_OUTPUT_TYPE_VALUE_TEXT,
  OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS,
} from '../../src/genai/semconv';
import { chatInputMessages, chatOutputMessage, chatToolDefinitions } from './chat-messages';
import { ChatStreamAccumulator } from './chat-stream-accumulator';
import { choicesRequest, choicesResult } from './choices-api';
import { openAIRequestAttributes } from './openai-attributes';

/** `chat.completions.create` (and `.parse`, `.stream`, `.runTools`, which call it). */
export const chatCompletionsSpec: OperationSpec = {
  request(params: PayloadRecord, endpoint: Endpoint): InferenceRequest {
    const request = choicesRequest(GEN_AI_OPERATION_NAME_VALUE_CHAT, params, endpoint);
    request.maxTokens = asInteger(params.max_completion_tokens) ?? request.maxTokens;
    request.outputType = chatOutputType(params);
    request.reasoningLevel = asString(params.reasoning_effort);
    request.attributes = openAIRequestAttributes(OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS, params);
    request.content = () => ({
      inputMessages: chatInputMessages(params.messages),
      toolDefinitions: chatToolDefinitions(params.tools, params.functions),
    });
    return request;
  },

  isStream: (params) => params.stream === true,

  result: (body: unknown, _params: PayloadRecord, captureContent: boolean): InferenceResult =>
    choicesResult(body, captureContent, (choice, finishReason) =>
      chatOutputMessage(asRecord(choice.message), finishReason),
    ),

  streamAccumulator: (params, captureContent) =>
    new ChatStreamAccumulator('chat', captureContent, asInteger(params.n) ?? 1),
};

/** `response_format` → `gen_ai.output.type`; `json` for structured outputs (`.parse`, zod, JSON mode). */
function chatOutputType(params: PayloadRecord): string | undefined {
  const modalities = asArray(params.modalities);
  if (modalities?.includes('audio')) return GEN_AI_OUTPUT_TYPE_VALUE_SPEECH;
  const format = asString(asRecord(params.response_format)?.type);
  if (format === 'json_schema' || format === 'json_object') return GEN_AI_OUTPUT_TYPE_VALUE_JSON;
  if (format === 'text') return GEN_AI_OUTPUT_TYPE_VALUE_TEXT;
  return undefined;
}
