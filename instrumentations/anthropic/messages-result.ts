import type { Attributes } from '@opentelemetry/api';
import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import { asInteger, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import {
  ATTR_ANTHROPIC_MESSAGE_STOP_REASON,
  ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER,
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_1H_INPUT_TOKENS,
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_5M_INPUT_TOKENS,
} from '../../src/genai/semconv';
import { partsOf } from './content-blocks';

/**
 * `stop_reason` → the conventions' finish reasons (docs/anthropic.md). `model_context_window_exceeded`
 * is a length limit too; `pause_turn` (a server-tool loop paused, to be continued) and reasons
 * added later pass through as they are. The raw value stays on `anthropic.message.stop_reason`.
 */
const FINISH_REASONS: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_call',
  refusal: 'content_filter',
};

/**
 * A Message (the parsed response, or one rebuilt from stream events) → what the span ends with.
 * A Message without a stop reason (a stream that did not finish) gets finish reason `error`.
 */
export function messageResult(message: PayloadRecord, captureContent: boolean): InferenceResult {
  const stopReason = asString(message.stop_reason);
  const finishReason =
    stopReason === undefined ? FINISH_REASON_ERROR : (FINISH_REASONS[stopReason] ?? stopReason);
  const usage = asRecord(message.usage);
  return {
    responseId: asString(message.id),
    responseModel: asString(message.model),
    finishReasons: [finishReason],
    usage: usage === undefined ? undefined : tokenUsageOf(usage),
    attributes: responseAttributes(stopReason, usage),
    outputMessages: captureContent
      ? () => [{ role: 'assistant', parts: partsOf(message.content), finish_reason: finishReason }]
      : undefined,
  };
}

/**
 * Anthropic's `input_tokens` leaves out cached tokens; the conventions' input count includes
 * cache reads and writes, which are also reported on their own.
 */
function tokenUsageOf(usage: PayloadRecord): TokenUsage {
  const uncached = asInteger(usage.input_tokens);
  const cacheRead = asInteger(usage.cache_read_input_tokens);
  const cacheWrite = asInteger(usage.cache_creation_input_tokens);
  return {
    inputTokens: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: asInteger(usage.output_tokens),
    cacheReadInputTokens: cacheRead,
    cacheWriteInputTokens: cacheWrite,
    reasoningOutputTokens: asInteger(asRecord(usage.output_tokens_details)?.thinking_tokens),
  };
}

function responseAttributes(stopReason: string | undefined, usage: PayloadRecord | undefined): Attributes {
  const attributes: Attributes = {};
  if (stopReason !== undefined) attributes[ATTR_ANTHROPIC_MESSAGE_STOP_REASON] = stopReason;
  const serviceTier = asString(usage?.service_tier);
  if (serviceTier !== undefined) attributes[ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER] = serviceTier;
  const cacheCreation = asRecord(usage?.cache_creation);
  const fiveMinutes = asInteger(cacheCreation?.ephemeral_5m_input_tokens);
  const oneHour = asInteger(cacheCreation?.ephemeral_1h_input_tokens);
  if (fiveMinutes !== undefined)
    attributes[ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_5M_INPUT_TOKENS] = fiveMinutes;
  if (oneHour !== undefined)
    attributes[ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_1H_INPUT_TOKENS] = oneHour;
  return attributes;
}
