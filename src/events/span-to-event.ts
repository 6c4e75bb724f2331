import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { LLMCost } from '../cost/llm-cost';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GENAI_OTEL_COST_INPUT_USD,
  ATTR_GENAI_OTEL_COST_OUTPUT_USD,
  ATTR_GENAI_OTEL_COST_SOURCE,
  ATTR_GENAI_OTEL_COST_USD,
  ATTR_INPUT,
  ATTR_OUTPUT,
  ATTR_SPAN_KIND,
} from '../genai/semconv';
import { usageFromAttributes } from '../genai/usage-attributes';
import type { EventCategory, SpanEventType, SpanLifecycleEvent } from './event-types';

/** `gen_ai.operation.name` → event family. Operations not listed (workflows …) produce no events. */
const CATEGORY_BY_OPERATION: Readonly<Record<string, EventCategory>> = {
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  embeddings: 'embeddings',
  retrieval: 'retrieval',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
  chunking: 'chunking',
};

/** Our `genai_otel.span.kind`, for spans whose operation name is missing or unusual. */
const CATEGORY_BY_KIND: Readonly<Record<string, EventCategory>> = {
  llm: 'llm',
  embeddings: 'embeddings',
  retrieval: 'retrieval',
  tool: 'tool',
  agent: 'agent',
};

/** Span attributes holding content, per family: [input, output]. Present only when captured. */
const CONTENT_KEYS: Readonly<Record<EventCategory, readonly [string | undefined, string | undefined]>> = {
  llm: [ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES],
  agent: [ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES],
  tool: [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, ATTR_GEN_AI_TOOL_CALL_RESULT],
  retrieval: [ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT, ATTR_GEN_AI_RETRIEVAL_DOCUMENTS],
  embeddings: [undefined, undefined],
  chunking: [ATTR_INPUT, ATTR_OUTPUT],
};

/** The event family of a span, or undefined for spans that are not GenAI work. */
export function categoryOf(attributes: Attributes): EventCategory | undefined {
  const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation === 'string' && CATEGORY_BY_OPERATION[operation] !== undefined)
    return CATEGORY_BY_OPERATION[operation];
  const kind = attributes[ATTR_SPAN_KIND];
  return typeof kind === 'string' ? CATEGORY_BY_KIND[kind] : undefined;
}

export function startEventType(category: EventCategory): SpanEventType {
  return `${category}.start` as SpanEventType;
}

export function endEventType(category: EventCategory, failed: boolean): SpanEventType {
  if (failed) return `${category}.error` as SpanEventType;
  return category === 'agent' ? 'agent.finish' : (`${category}.end` as SpanEventType);
}

/** Builds the lifecycle event of `span` (a start event if it has not ended yet). */
export function spanToEvent(
  span: ReadableSpan,
  category: EventCategory,
  phase: 'start' | 'end',
): SpanLifecycleEvent {
  const attributes = span.attributes;
  const context = span.spanContext();
  const failed = span.status.code === SpanStatusCode.ERROR;
  const startTime = hrTimeToMilliseconds(span.startTime);
  const event: SpanLifecycleEvent = {
    type: phase === 'start' ? startEventType(category) : endEventType(category, failed),
    category,
    traceId: context.traceId,
    spanId: context.spanId,
    time: startTime,
    name: span.name,
    startTime,
    status: 'unset',
  };
  const parentSpanId = span.parentSpanContext?.spanId;
  if (parentSpanId) event.parentSpanId = parentSpanId;
  copyString(attributes, ATTR_GEN_AI_OPERATION_NAME, event, 'operation');
  copyString(attributes, ATTR_GEN_AI_PROVIDER_NAME, event, 'provider');
  copyString(attributes, ATTR_GEN_AI_REQUEST_MODEL, event, 'requestModel');
  copyString(attributes, ATTR_GEN_AI_TOOL_NAME, event, 'toolName');
  copyString(attributes, ATTR_GEN_AI_TOOL_CALL_ID, event, 'toolCallId');
  copyString(attributes, ATTR_GEN_AI_AGENT_NAME, event, 'agentName');
  copyString(attributes, ATTR_GEN_AI_AGENT_ID, event, 'agentId');
  copyString(attributes, ATTR_GEN_AI_DATA_SOURCE_ID, event, 'dataSourceId');
  copyString(attributes, ATTR_GEN_AI_CONVERSATION_ID, event, 'conversationId');
  const [inputKey, outputKey] = CONTENT_KEYS[category];
  if (inputKey !== undefined && attributes[inputKey] !== undefined)
    event.input = parseContent(attributes[inputKey]);

  if (phase === 'end') {
    const endTime = hrTimeToMilliseconds(span.endTime);
    event.time = endTime;
    event.endTime = endTime;
    event.durationMs = hrTimeToMilliseconds(span.duration);
    event.status = failed ? 'error' : span.status.code === SpanStatusCode.OK ? 'ok' : 'unset';
    if (failed) {
      const errorType = attributes[ATTR_ERROR_TYPE];
      event.error = { type: typeof errorType === 'string' ? errorType : 'error' };
      if (span.status.message) event.error.message = span.status.message;
    } else if (event.status === 'unset') {
      // Instrumentations leave a successful span's status unset, as the conventions ask.
      event.status = 'ok';
    }
    copyString(attributes, ATTR_GEN_AI_RESPONSE_MODEL, event, 'responseModel');
    const finishReasons = attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
    if (Array.isArray(finishReasons)) event.finishReasons = finishReasons.map(String);
    const usage = usageFromAttributes(attributes);
    if (usage !== undefined) event.usage = usage;
    const cost = costOf(attributes);
    if (cost !== undefined) event.cost = cost;
    const ttfc = attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
    if (typeof ttfc === 'number') event.timeToFirstChunk = ttfc;
    if (outputKey !== undefined && attributes[outputKey] !== undefined)
      event.output = parseContent(attributes[outputKey]);
  }
  return event;
}

function costOf(attributes: Attributes): LLMCost | undefined {
  const total = attributes[ATTR_GENAI_OTEL_COST_USD];
  if (typeof total !== 'number') return undefined;
  const input = attributes[ATTR_GENAI_OTEL_COST_INPUT_USD];
  const output = attributes[ATTR_GENAI_OTEL_COST_OUTPUT_USD];
  const source = attributes[ATTR_GENAI_OTEL_COST_SOURCE];
  return {
    totalUsd: total,
    inputUsd: typeof input === 'number' ? input : 0,
    outputUsd: typeof output === 'number' ? output : 0,
    source: source === 'override' ? 'override' : 'genai-prices',
    pricedModel:
      (attributes[ATTR_GEN_AI_RESPONSE_MODEL] as string | undefined) ??
      (attributes[ATTR_GEN_AI_REQUEST_MODEL] as string | undefined) ??
      '',
  };
}

/** Content attributes are JSON text on spans; events carry the parsed value (text stays text). */
function parseContent(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const first = value.trimStart()[0];
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function copyString<K extends keyof SpanLifecycleEvent>(
  attributes: Attributes,
  key: string,
  event: SpanLifecycleEvent,
  field: K,
): void {
  const value = attributes[key];
  if (typeof value === 'string' && value !== '') (event as unknown as Record<string, unknown>)[field] = value;
}
