import type { TokenUsage } from '../../src/genai/inference-types';
import { asInteger, asRecord } from '../../src/genai/payload-readers';

/**
 * `usageMetadata` → token usage, with the conventions' arithmetic (docs/google-genai.md):
 * input = `promptTokenCount` (cached tokens included) + `toolUsePromptTokenCount` (tool results
 * Gemini fed back itself, not counted in the prompt); output = `candidatesTokenCount` +
 * `thoughtsTokenCount` (Gemini bills thoughts as output but leaves them out of the candidates
 * count; the conventions want reasoning inside output); reasoning = `thoughtsTokenCount`; cache
 * read = `cachedContentTokenCount`.
 */
export function tokenUsageOf(value: unknown): TokenUsage | undefined {
  const metadata = asRecord(value);
  if (metadata === undefined) return undefined;
  const prompt = asInteger(metadata.promptTokenCount);
  const toolUsePrompt = asInteger(metadata.toolUsePromptTokenCount);
  const candidates = asInteger(metadata.candidatesTokenCount);
  const thoughts = asInteger(metadata.thoughtsTokenCount);
  const cached = asInteger(metadata.cachedContentTokenCount);
  const usage: TokenUsage = {};
  if (prompt !== undefined || toolUsePrompt !== undefined)
    usage.inputTokens = (prompt ?? 0) + (toolUsePrompt ?? 0);
  if (candidates !== undefined || thoughts !== undefined)
    usage.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  if (thoughts !== undefined) usage.reasoningOutputTokens = thoughts;
  if (cached !== undefined) usage.cacheReadInputTokens = cached;
  return usage;
}
