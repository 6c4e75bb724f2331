import type { AttributeValue, SpanRecord } from '../api/api-types';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GENAI_OTEL_COST_USD,
  EVENT_EXCEPTION,
} from './attribute-keys';

/** The GenAI facts of a span the detail pane shows first; absent ones are undefined. */
export interface SpanFacts {
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  agentName?: string;
  toolName?: string;
  toolCallId?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  costUsd?: number;
  /** `gen_ai.response.time_to_first_chunk` is in seconds; this is milliseconds. */
  timeToFirstChunkMs?: number;
  finishReasons: string[];
  errorType?: string;
}

export interface ExceptionFacts {
  type?: string;
  message?: string;
  stacktrace?: string;
  timeMs: number;
}

export function spanFacts(span: SpanRecord): SpanFacts {
  const attributes = span.attributes;
  const ttftSeconds = numberOf(attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]);
  return {
    provider: textOf(attributes[ATTR_GEN_AI_PROVIDER_NAME]),
    requestModel: textOf(attributes[ATTR_GEN_AI_REQUEST_MODEL]),
    responseModel: textOf(attributes[ATTR_GEN_AI_RESPONSE_MODEL]),
    agentName: textOf(attributes[ATTR_GEN_AI_AGENT_NAME]),
    toolName: textOf(attributes[ATTR_GEN_AI_TOOL_NAME]),
    toolCallId: textOf(attributes[ATTR_GEN_AI_TOOL_CALL_ID]),
    inputTokens: numberOf(attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]),
    outputTokens: numberOf(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]),
    cacheReadTokens: numberOf(attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]),
    // The draft name, else the released one (docs/semconv-versions.md).
    cacheWriteTokens: numberOf(
      attributes[ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS] ??
        attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS],
    ),
    reasoningTokens: numberOf(attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]),
    costUsd: numberOf(attributes[ATTR_GENAI_OTEL_COST_USD]),
    timeToFirstChunkMs: ttftSeconds === undefined ? undefined : ttftSeconds * 1000,
    finishReasons: listOf(attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]),
    errorType: textOf(attributes[ATTR_ERROR_TYPE]),
  };
}

/** The span's `exception` events (recordException), oldest first. */
export function exceptionsOf(span: SpanRecord): ExceptionFacts[] {
  return span.events
    .filter((event) => event.name === EVENT_EXCEPTION)
    .map((event) => ({
      type: textOf(event.attributes[ATTR_EXCEPTION_TYPE]),
      message: textOf(event.attributes[ATTR_EXCEPTION_MESSAGE]),
      stacktrace: textOf(event.attributes[ATTR_EXCEPTION_STACKTRACE]),
      timeMs: event.timeMs,
    }));
}

function textOf(value: AttributeValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // Some exporters send 64-bit integers as strings.
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function listOf(value: AttributeValue | undefined): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') {
    // Some SDKs record the finish reasons as one JSON string.
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // A plain string: one reason.
    }
    return [value];
  }
  return [];
}
