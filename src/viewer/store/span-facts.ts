import { ATTR_GENAI_OTEL_COST_USD } from '../../cost/cost-recording';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '../../genai/semconv';
import type { AttributeValue, SpanRecord } from '../model';

/** Operations that are one model call: their spans feed token sums and the overview. */
export const INFERENCE_OPERATIONS: ReadonlySet<string> = new Set([
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
]);

/** What the trace list, facets and overview need from one span, read once on ingest. */
export interface SpanFacts {
  /** The operation name when the span is an inference span, else null. */
  inferenceOperation: string | null;
  model: string | null;
  provider: string | null;
  isError: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  timeToFirstChunkMs: number | null;
}

function text(value: AttributeValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function finiteNumber(value: AttributeValue | undefined): number | null {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

export function spanFacts(span: SpanRecord): SpanFacts {
  const attributes = span.attributes;
  const operation = text(attributes[ATTR_GEN_AI_OPERATION_NAME]);
  const timeToFirstChunkSeconds = finiteNumber(attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]);
  return {
    inferenceOperation: operation !== null && INFERENCE_OPERATIONS.has(operation) ? operation : null,
    model: text(attributes[ATTR_GEN_AI_RESPONSE_MODEL]) ?? text(attributes[ATTR_GEN_AI_REQUEST_MODEL]),
    provider: text(attributes[ATTR_GEN_AI_PROVIDER_NAME]),
    isError: span.status.code === 'error',
    inputTokens: finiteNumber(attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]),
    outputTokens: finiteNumber(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]),
    costUsd: finiteNumber(attributes[ATTR_GENAI_OTEL_COST_USD]),
    timeToFirstChunkMs: timeToFirstChunkSeconds === null ? null : timeToFirstChunkSeconds * 1000,
  };
}

/**
 * The text full-text search looks in: the span's name, its attribute values (content included
 * when it was captured) and its events' names and attribute values.
 */
export function searchableText(span: SpanRecord): string {
  const parts: string[] = [span.name];
  const addValues = (attributes: Record<string, AttributeValue>) => {
    for (const value of Object.values(attributes)) {
      if (value === null) continue;
      parts.push(Array.isArray(value) ? value.join(' ') : String(value));
    }
  };
  addValues(span.attributes);
  for (const event of span.events) {
    parts.push(event.name);
    addValues(event.attributes);
  }
  return parts.join('\n');
}
