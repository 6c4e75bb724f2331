import { normalizeFinishReason } from '../../src/genai/finish-reason';
import type { InferenceRequest, InferenceResult } from '../../src/genai/inference-types';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
  type PayloadRecord,
} from '../../src/genai/payload-readers';
import {
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OUTPUT_TYPE_VALUE_JSON,
  GEN_AI_OUTPUT_TYPE_VALUE_SPEECH,
  GEN_AI_OUTPUT_TYPE_VALUE_TEXT,
  OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS,
} from '../../src/genai/semconv';
import { chatInputMessages, chatOutputMessage, chatToolDefinitions } from './chat-messages';
import { ChatStreamAccumulator } from './chat-stream-accumulator';
import { openAIRequestAttributes, openAIResponseAttributes } from './openai-attributes';
import { tokenUsageOf } from './openai-usage';
import type { OperationSpec } from './operation-spec';
import type { Endpoint } from './provider';

/** `chat.completions.create` (and `.parse`, `.stream`, `.runTools`, which call it). */
export const chatCompletionsSpec: OperationSpec = {
  request(params: PayloadRecord, endpoint: Endpoint): InferenceRequest {
    const request: InferenceRequest = {
      operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
      providerName: endpoint.providerName,
      requestModel: asString(params.model),
      serverAddress: endpoint.serverAddress,
      serverPort: endpoint.serverPort,
      stream: params.stream === true ? true : undefined,
      temperature: asNumber(params.temperature),
      topP: asNumber(params.top_p),
      maxTokens: asInteger(params.max_completion_tokens) ?? asInteger(params.max_tokens),
      seed: asInteger(params.seed),
      stopSequences: asStringList(params.stop),
      frequencyPenalty: asNumber(params.frequency_penalty),
      presencePenalty: asNumber(params.presence_penalty),
      choiceCount: asInteger(params.n),
      outputType: chatOutputType(params),
      reasoningLevel: asString(params.reasoning_effort),
      attributes: openAIRequestAttributes(OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS, params),
      content: () => ({
        inputMessages: chatInputMessages(params.messages),
        toolDefinitions: chatToolDefinitions(params.tools, params.functions),
      }),
    };
    return request;
  },

  isStream: (params) => params.stream === true,

  result(body: unknown, _params: PayloadRecord, captureContent: boolean): InferenceResult {
    const completion = asRecord(body);
    if (completion === undefined) return {};
    const choices = (asArray(completion.choices) ?? []).map((choice) => asRecord(choice) ?? {});
    const finishReasons = choices.map((choice) =>
      normalizeFinishReason(asString(choice.finish_reason) ?? 'stop'),
    );
    return {
      responseId: asString(completion.id),
      responseModel: asString(completion.model),
      finishReasons,
      usage: tokenUsageOf(completion.usage),
      metricAttributes: openAIResponseAttributes(completion),
      outputMessages: captureContent
        ? () =>
            choices.map((choice, index) =>
              chatOutputMessage(asRecord(choice.message), finishReasons[index] ?? 'stop'),
            )
        : undefined,
    };
  },

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
