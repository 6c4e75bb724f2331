import type { TokenUsage } from '../../src/genai/inference-types';
import { asInteger, asRecord } from '../../src/genai/payload-readers';

/**
 * `usage` of Chat Completions, legacy Completions and Embeddings (`prompt_tokens`,
 * `completion_tokens`, `*_details`) or of the Responses API (`input_tokens`, `output_tokens`,
 * `*_details`) → token usage. OpenAI's input counts already include cached tokens, as the
 * conventions require.
 */
export function tokenUsageOf(value: unknown): TokenUsage | undefined {
  const usage = asRecord(value);
  if (usage === undefined) return undefined;
  const inputDetails = asRecord(usage.prompt_tokens_details) ?? asRecord(usage.input_tokens_details);
  const outputDetails = asRecord(usage.completion_tokens_details) ?? asRecord(usage.output_tokens_details);
  const result: TokenUsage = {};
  const inputTokens = asInteger(usage.prompt_tokens) ?? asInteger(usage.input_tokens);
  if (inputTokens !== undefined) result.inputTokens = inputTokens;
  const outputTokens = asInteger(usage.completion_tokens) ?? asInteger(usage.output_tokens);
  if (outputTokens !== undefined) result.outputTokens = outputTokens;
  const cacheRead = asInteger(inputDetails?.cached_tokens);
  if (cacheRead !== undefined) result.cacheReadInputTokens = cacheRead;
  // OpenAI does not report cache writes; OpenAI-compatible gateways in front of providers that
  // bill them (OpenRouter, LiteLLM) do, under one of these names.
  const cacheWrite =
    asInteger(inputDetails?.cache_write_tokens) ?? asInteger(inputDetails?.cache_creation_tokens);
  if (cacheWrite !== undefined) result.cacheWriteInputTokens = cacheWrite;
  const reasoning = asInteger(outputDetails?.reasoning_tokens);
  if (reasoning !== undefined) result.reasoningOutputTokens = reasoning;
  return result;
}
