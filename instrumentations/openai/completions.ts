import type { ChatMessage } from '../../src/genai/message-parts';
import type { OperationSpec } from '../../src/genai/operation-spec';
import { asArray, asInteger, asString } from '../../src/genai/payload-readers';
import { GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION } from '../../src/genai/semconv';
import { ChatStreamAccumulator } from './chat-stream-accumulator';
import { choicesRequest, choicesResult } from './choices-api';

/** Legacy `completions.create` (`gpt-3.5-turbo-instruct` and OpenAI-compatible servers). */
export const completionsSpec: OperationSpec = {
  request: (params, endpoint) => ({
    ...choicesRequest(GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION, params, endpoint),
    content: () => ({ inputMessages: promptMessages(params.prompt) }),
  }),

  isStream: (params) => params.stream === true,

  result: (body, _params, captureContent) =>
    choicesResult(body, captureContent, (choice, finishReason) => ({
      role: 'assistant',
      parts: [{ type: 'text', content: asString(choice.text) ?? '' }],
      finish_reason: finishReason,
    })),

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
