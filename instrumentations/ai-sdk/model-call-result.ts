import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ERROR_TYPE_VALUE_OTHER } from '../../src/genai/semconv';
import { serverAddressFromUrl } from '../../src/genai/server-address';
import type { LanguageModelUsageLike, ModelCallEndEvent } from './internal-types';
import { outputMessageOf } from './model-messages';

/**
 * The AI SDK's unified finish reasons (`stop`, `length`, `content-filter`, `tool-calls`, `error`,
 * `other`, …) in the conventions' spelling; unknown values as they are.
 */
export function finishReasonOf(reason: string | undefined): string {
  switch (reason) {
    case 'tool-calls':
      return 'tool_call';
    case 'content-filter':
      return 'content_filter';
    case undefined:
      return FINISH_REASON_ERROR;
    default:
      return reason;
  }
}

/**
 * Token usage as the AI SDK normalises it for every provider: `inputTokens` already includes
 * cache reads and writes, `outputTokens` includes reasoning, as the conventions count them.
 */
export function tokenUsageOf(usage: LanguageModelUsageLike | undefined): TokenUsage | undefined {
  if (usage === undefined || usage === null) return undefined;
  const tokenUsage: TokenUsage = {};
  if (isCount(usage.inputTokens)) tokenUsage.inputTokens = usage.inputTokens;
  if (isCount(usage.outputTokens)) tokenUsage.outputTokens = usage.outputTokens;
  const cacheRead = usage.inputTokenDetails?.cacheReadTokens ?? usage.cachedInputTokens;
  if (isCount(cacheRead)) tokenUsage.cacheReadInputTokens = cacheRead;
  const cacheWrite = usage.inputTokenDetails?.cacheWriteTokens;
  if (isCount(cacheWrite)) tokenUsage.cacheWriteInputTokens = cacheWrite;
  const reasoning = usage.outputTokenDetails?.reasoningTokens ?? usage.reasoningTokens;
  if (isCount(reasoning)) tokenUsage.reasoningOutputTokens = reasoning;
  return Object.keys(tokenUsage).length > 0 ? tokenUsage : undefined;
}

/** What `onLanguageModelCallEnd` tells about a model call, in the recorder's terms. */
export function modelCallResultOf(event: ModelCallEndEvent): InferenceResult {
  const finishReason = finishReasonOf(event.finishReason);
  const result: InferenceResult = {
    finishReasons: [finishReason],
    outputMessages: () => [outputMessageOf(event.content, finishReason)],
  };
  if (typeof event.responseId === 'string' && event.responseId !== '') result.responseId = event.responseId;
  if (typeof event.modelId === 'string') result.responseModel = event.modelId;
  const usage = tokenUsageOf(event.usage);
  if (usage !== undefined) result.usage = usage;
  // The origin is known only now; the recorder puts it on the metrics too, as the conventions list.
  const server = serverOf(event.request?.url);
  if (server !== undefined) result.attributes = server;
  if (event.finishReason === 'error') result.errorType = ERROR_TYPE_VALUE_OTHER;
  return result;
}

function serverOf(url: string | undefined): Record<string, string | number> | undefined {
  const server = serverAddressFromUrl(url);
  if (server === undefined) return undefined;
  return { [ATTR_SERVER_ADDRESS]: server.address, [ATTR_SERVER_PORT]: server.port };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
