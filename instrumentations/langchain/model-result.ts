import { normalizeFinishReason } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import type { GenerationLike, LLMResultLike } from './internal-types';
import { toOutputMessage } from './langchain-messages';

/**
 * What a LangChain model run's `handleLLMEnd` says about the response: id and model from the
 * message's `response_metadata`, finish reasons, usage from `usage_metadata` (else
 * `llmOutput.tokenUsage`; LangChain's estimates are never used) and, lazily, the output messages.
 */
export function modelResult(output: LLMResultLike | undefined): InferenceResult {
  const generations: GenerationLike[] = output?.generations?.[0] ?? [];
  const first = generations[0];
  const metadata = first?.message?.response_metadata ?? {};
  const finishReasons = generations.map(finishReasonOf);
  const result: InferenceResult = {
    responseModel: text(metadata.model_name) ?? text(metadata.model) ?? text(output?.llmOutput?.model_name),
    responseId: responseIdOf(first),
    finishReasons: finishReasons.every((reason) => reason !== undefined)
      ? (finishReasons as string[])
      : undefined,
    usage: usageOf(generations, output?.llmOutput),
  };
  result.outputMessages = () =>
    generations.map((generation) =>
      toOutputMessage(generation.message, generation.text, finishReasonOf(generation) ?? 'stop'),
    );
  return result;
}

function finishReasonOf(generation: GenerationLike): string | undefined {
  const reason =
    text(generation.generationInfo?.finish_reason) ??
    text(generation.message?.response_metadata?.finish_reason) ??
    text(generation.message?.response_metadata?.stop_reason);
  return reason === undefined ? undefined : normalizeFinishReason(reason);
}

/** The provider's response id; LangChain's own `run-…` placeholder ids are not one. */
function responseIdOf(generation: GenerationLike | undefined): string | undefined {
  const id = text(generation?.message?.id) ?? text(generation?.message?.response_metadata?.id);
  return id === undefined || id.startsWith('run-') ? undefined : id;
}

function usageOf(
  generations: GenerationLike[],
  llmOutput: Record<string, unknown> | undefined,
): TokenUsage | undefined {
  const metadata = generations[0]?.message?.usage_metadata;
  if (
    metadata !== undefined &&
    (metadata.input_tokens !== undefined || metadata.output_tokens !== undefined)
  ) {
    const usage: TokenUsage = { inputTokens: metadata.input_tokens, outputTokens: metadata.output_tokens };
    const cacheRead = metadata.input_token_details?.cache_read;
    const cacheWrite = metadata.input_token_details?.cache_creation;
    const reasoning = metadata.output_token_details?.reasoning;
    if (typeof cacheRead === 'number' && cacheRead > 0) usage.cacheReadInputTokens = cacheRead;
    if (typeof cacheWrite === 'number' && cacheWrite > 0) usage.cacheWriteInputTokens = cacheWrite;
    if (typeof reasoning === 'number' && reasoning > 0) usage.reasoningOutputTokens = reasoning;
    return usage;
  }
  const tokenUsage = llmOutput?.tokenUsage as Record<string, unknown> | undefined;
  const input = tokenUsage?.promptTokens;
  const outputTokens = tokenUsage?.completionTokens;
  if (typeof input !== 'number' && typeof outputTokens !== 'number') return undefined;
  return {
    inputTokens: typeof input === 'number' ? input : undefined,
    outputTokens: typeof outputTokens === 'number' ? outputTokens : undefined,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
