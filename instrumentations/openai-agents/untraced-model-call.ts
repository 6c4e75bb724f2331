import type { InferenceRequest, InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import { asArray, asString, asNumber as num, asRecord as record } from '../../src/genai/payload-readers';
import { GEN_AI_PROVIDER_NAME_VALUE_OPENAI } from '../../src/genai/semconv';
import type { AgentsSpanData } from './internal-types';

/**
 * What an SDK model-call span (`response`, `generation`) says about the call, for the case where no
 * provider instrumentation traced it (a model provider we do not instrument, or the OpenAI
 * instrumentation turned off): then this span's facts make the call's one inference span.
 * `response` spans come from the SDK's OpenAI Responses model; their `_response` is the Responses
 * API object (seen by processors, stripped from the SDK's own export).
 */
export function untracedModelCall(data: AgentsSpanData): {
  request: InferenceRequest;
  result: InferenceResult;
} {
  if (data.type === 'response') {
    const response = record(data._response);
    return {
      request: { operationName: 'chat', providerName: GEN_AI_PROVIDER_NAME_VALUE_OPENAI },
      result: {
        responseId: text(data.response_id) ?? text(response?.id),
        responseModel: text(response?.model),
        usage: responsesUsage(record(response?.usage)),
      },
    };
  }
  const config = record(data.model_config);
  // The SDK's Chat Completions model puts the `chat.completion` object in `output`; adapters such
  // as the AI SDK's report `usage` on the span itself.
  const completion = record(asArray(data.output)?.[0]);
  return {
    request: {
      operationName: 'chat',
      providerName: modelCallProvider(data),
      requestModel: text(data.model),
      temperature: num(config?.temperature),
      topP: num(config?.top_p),
    },
    result: {
      responseId: text(completion?.id),
      responseModel: text(completion?.model),
      usage: spanUsage(record(data.usage)) ?? chatCompletionUsage(record(completion?.usage)),
    },
  };
}

/**
 * The `gen_ai.provider.name` of an SDK model-call span: `response` spans come only from the SDK's
 * OpenAI Responses model; a `generation` span says its provider in `model_config.provider` when an
 * adapter made it (the AI SDK's), and says none when the SDK's own OpenAI Chat Completions model did.
 */
export function modelCallProvider(data: AgentsSpanData): string | undefined {
  if (data.type === 'response') return GEN_AI_PROVIDER_NAME_VALUE_OPENAI;
  if (data.type !== 'generation') return undefined;
  return text(record(data.model_config)?.provider) ?? GEN_AI_PROVIDER_NAME_VALUE_OPENAI;
}

function spanUsage(usage: Record<string, unknown> | undefined): TokenUsage | undefined {
  if (usage === undefined) return undefined;
  return { inputTokens: num(usage.input_tokens), outputTokens: num(usage.output_tokens) };
}

function chatCompletionUsage(usage: Record<string, unknown> | undefined): TokenUsage | undefined {
  if (usage === undefined) return undefined;
  return {
    inputTokens: num(usage.prompt_tokens),
    outputTokens: num(usage.completion_tokens),
    cacheReadInputTokens: num(record(usage.prompt_tokens_details)?.cached_tokens),
    reasoningOutputTokens: num(record(usage.completion_tokens_details)?.reasoning_tokens),
  };
}

function responsesUsage(usage: Record<string, unknown> | undefined): TokenUsage | undefined {
  if (usage === undefined) return undefined;
  return {
    inputTokens: num(usage.input_tokens),
    outputTokens: num(usage.output_tokens),
    cacheReadInputTokens: num(record(usage.input_tokens_details)?.cached_tokens),
    reasoningOutputTokens: num(record(usage.output_tokens_details)?.reasoning_tokens),
  };
}

function text(value: unknown): string | undefined {
  const string = asString(value);
  return string === '' ? undefined : string;
}
