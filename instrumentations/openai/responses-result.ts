import type { InferenceResult } from '../../src/genai/inference-types';
import { asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import { ERROR_TYPE_VALUE_OTHER } from '../../src/genai/semconv';
import { openAIResponseAttributes } from './openai-attributes';
import { tokenUsageOf } from './openai-usage';
import { responsesFinishReason, responsesOutputMessage } from './responses-items';

/** A `Response` object (from a create call or a stream's `response.completed`) → result. */
export function responseResult(
  response: PayloadRecord | undefined,
  captureContent: boolean,
): InferenceResult {
  if (response === undefined) return {};
  const finishReason = responsesFinishReason(response);
  const result: InferenceResult = {
    responseId: asString(response.id),
    responseModel: asString(response.model),
    finishReasons: finishReason !== undefined ? [finishReason] : undefined,
    usage: tokenUsageOf(response.usage),
    conversationId: asString(asRecord(response.conversation)?.id),
    attributes: openAIResponseAttributes(response),
    outputMessages:
      captureContent && finishReason !== undefined
        ? () => [responsesOutputMessage(response.output, finishReason)]
        : undefined,
  };
  if (response.status === 'failed') {
    const error = asRecord(response.error);
    result.errorType = asString(error?.code) ?? ERROR_TYPE_VALUE_OTHER;
    result.errorMessage = asString(error?.message);
  }
  return result;
}
