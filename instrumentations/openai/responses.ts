import type { Endpoint } from '../../src/genai/endpoint';
import type { InferenceRequest } from '../../src/genai/inference-types';
import type { OperationSpec } from '../../src/genai/operation-spec';
import { asInteger, asNumber, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import { requestHead } from '../../src/genai/request-head';
import {
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OUTPUT_TYPE_VALUE_JSON,
  GEN_AI_OUTPUT_TYPE_VALUE_TEXT,
  OPENAI_API_TYPE_VALUE_RESPONSES,
} from '../../src/genai/semconv';
import { openAIRequestAttributes } from './openai-attributes';
import { responseChains } from './response-chains';
import { responsesInputMessages, responsesToolDefinitions } from './responses-items';
import { responseResult } from './responses-result';
import { ResponsesStreamAccumulator } from './responses-stream-accumulator';

/** `responses.create` (and `.parse` / `.stream`, which call it). Inference: operation `chat`. */
export const responsesSpec: OperationSpec = {
  request(params: PayloadRecord, endpoint: Endpoint): InferenceRequest {
    return {
      ...requestHead(GEN_AI_OPERATION_NAME_VALUE_CHAT, params, endpoint),
      stream: params.stream === true ? true : undefined,
      temperature: asNumber(params.temperature),
      topP: asNumber(params.top_p),
      maxTokens: asInteger(params.max_output_tokens),
      outputType: responsesOutputType(params),
      reasoningLevel: asString(asRecord(params.reasoning)?.effort),
      conversationId: responseChains.conversationOf(params),
      previousResponseId: asString(params.previous_response_id),
      attributes: openAIRequestAttributes(OPENAI_API_TYPE_VALUE_RESPONSES, params),
      content: () => {
        const instructions = asString(params.instructions);
        return {
          inputMessages: responsesInputMessages(params.input),
          systemInstructions: instructions ? [{ type: 'text', content: instructions }] : undefined,
          toolDefinitions: responsesToolDefinitions(params.tools),
        };
      },
    };
  },

  isStream: (params) => params.stream === true,

  result: (body, params, captureContent) =>
    responseChains.remember(params, responseResult(asRecord(body), captureContent)),

  streamAccumulator: (params, captureContent) => new ResponsesStreamAccumulator(captureContent, params),
};

function responsesOutputType(params: PayloadRecord): string | undefined {
  const format = asString(asRecord(asRecord(params.text)?.format)?.type);
  if (format === 'json_schema' || format === 'json_object') return GEN_AI_OUTPUT_TYPE_VALUE_JSON;
  if (format === 'text') return GEN_AI_OUTPUT_TYPE_VALUE_TEXT;
  return undefined;
}
