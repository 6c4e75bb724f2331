import type { TokenUsage } from '../../src/genai/inference-types';
import { asInteger, asRecord } from '../../src/genai/payload-readers';

/**
 * Converse `usage` (also the ConverseStream `metadata` event's) → token usage. The conventions count
 * cache reads and writes inside the input tokens. Bedrock documents `inputTokens` only as "tokens
 * in the input" and its `totalTokens` as the sum of all four counts, so `inputTokens` leaves the
 * cached tokens out and they are added. Where `totalTokens` says otherwise (it equals input +
 * output, so `inputTokens` already holds them), nothing is added: the response decides, not us.
 */
export function converseUsageOf(value: unknown): TokenUsage | undefined {
  const usage = asRecord(value);
  if (usage === undefined) return undefined;
  const input = asInteger(usage.inputTokens);
  const output = asInteger(usage.outputTokens);
  const total = asInteger(usage.totalTokens);
  const cacheRead = asInteger(usage.cacheReadInputTokens);
  const cacheWrite = asInteger(usage.cacheWriteInputTokens);
  const cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
  const inputIncludesCache =
    cached > 0 && input !== undefined && total !== undefined && total === input + (output ?? 0);
  const tokens: TokenUsage = {};
  if (input !== undefined || cached > 0)
    tokens.inputTokens = (input ?? 0) + (inputIncludesCache ? 0 : cached);
  if (output !== undefined) tokens.outputTokens = output;
  if (cacheRead !== undefined) tokens.cacheReadInputTokens = cacheRead;
  if (cacheWrite !== undefined) tokens.cacheWriteInputTokens = cacheWrite;
  return tokens;
}
