import { normalizeFinishReason } from '../../src/genai/finish-reason';
import type { ChatMessage } from '../../src/genai/message-parts';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
} from '../../src/genai/payload-readers';
import { GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION } from '../../src/genai/semconv';
import { ChatStreamAccumulator } from './chat-stream-accumulator';
import { openAIResponseAttributes } from './openai-attributes';
import { tokenUsageOf } from './openai-usage';
import type { OperationSpec } from './operation-spec';

/** Legacy `completions.create` (`gpt-3.5-turbo-instruct` and OpenAI-compatible servers). */
export const completionsSpec: OperationSpec = {
  request(params, endpoint) {
    return {
      operationName: GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
      providerName: endpoint.providerName,
      requestModel: asString(params.model),
      serverAddress: endpoint.serverAddress,
      serverPort: endpoint.serverPort,
      stream: params.stream === true ? true : undefined,
      temperature: asNumber(params.temperature),
      topP: asNumber(params.top_p),
      maxTokens: asInteger(params.max_tokens),
      seed: asInteger(params.seed),
      stopSequences: asStringList(params.stop),
      frequencyPenalty: asNumber(params.frequency_penalty),
      presencePenalty: asNumber(params.presence_penalty),
      choiceCount: asInteger(params.n),
      content: () => ({ inputMessages: promptMessages(params.prompt) }),
    };
  },

  isStream: (params) => params.stream === true,

  result(body, _params, captureContent) {
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
            choices.map((choice, index) => ({
              role: 'assistant',
              parts: [{ type: 'text', content: asString(choice.text) ?? '' }],
              finish_reason: finishReasons[index] ?? 'stop',
            }))
        : undefined,
    };
  },

  streamAccumulator: (params, captureContent) =>
    new ChatStreamAccumulator('text', captureContent, asInteger(params.n) ?? 1),
};

/** A prompt (string, strings, or token arrays) → user messages; token ids are not text, so they are skipped. */
function promptMessages(prompt: unknown): ChatMessage[] {
  const prompts = typeof prompt === 'string' ? [prompt] : (asArray(prompt) ?? []);
  return prompts
    .filter((entry): entry is string => typeof entry === 'string')
    .map((text) => ({ role: 'user', parts: [{ type: 'text', content: text }] }));
}
