import type { Endpoint } from '../../src/genai/endpoint';
import { normalizeFinishReason } from '../../src/genai/finish-reason';
import type { InferenceRequest, InferenceResult } from '../../src/genai/inference-types';
import type { OutputMessage } from '../../src/genai/message-parts';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
  type PayloadRecord,
} from '../../src/genai/payload-readers';
import { requestHead } from '../../src/genai/request-head';
import { openAIResponseAttributes } from './openai-attributes';
import { tokenUsageOf } from './openai-usage';

/**
 * What chat completions and legacy completions share: the request parameters they both accept
 * and the `choices` response shape. Each spec adds only its own fields and message conversion.
 */
export function choicesRequest(
  operationName: string,
  params: PayloadRecord,
  endpoint: Endpoint,
): InferenceRequest {
  // One object, filled in place: built on every call.
  const request: InferenceRequest = requestHead(operationName, params, endpoint);
  request.stream = params.stream === true ? true : undefined;
  request.temperature = asNumber(params.temperature);
  request.topP = asNumber(params.top_p);
  request.maxTokens = asInteger(params.max_tokens);
  request.seed = asInteger(params.seed);
  request.stopSequences = asStringList(params.stop);
  request.frequencyPenalty = asNumber(params.frequency_penalty);
  request.presencePenalty = asNumber(params.presence_penalty);
  request.choiceCount = asInteger(params.n);
  return request;
}

/** A `choices` response → result; `toOutput` converts one choice only when content is captured. */
export function choicesResult(
  body: unknown,
  captureContent: boolean,
  toOutput: (choice: PayloadRecord, finishReason: string) => OutputMessage,
): InferenceResult {
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
    attributes: openAIResponseAttributes(completion),
    outputMessages: captureContent
      ? () => choices.map((choice, index) => toOutput(choice, finishReasons[index] ?? 'stop'))
      : undefined,
  };
}
