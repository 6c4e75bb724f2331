import type { Attributes, Span } from '@opentelemetry/api';
import { spanContentJson } from '../content/content-budget';
import { safeJsonStringify } from '../content/safe-json';
import { toInputMessages, toOutputMessages } from '../genai/message-parts';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_INPUT,
  ATTR_OUTPUT,
} from '../genai/semconv';
import type { TracedKind } from './span-options';

/**
 * The attributes recording a span's input, by kind: tool arguments for tools, messages in parts
 * shape for agents, workflows and model calls, the query text for retrieval, our own
 * `genai_otel.input` otherwise. Only called when content capture is on. Messages are fitted into
 * `span`'s content budget.
 */
export function inputAttributes(kind: TracedKind, value: unknown, span: Span): Attributes {
  switch (kind) {
    case 'tool':
      return { [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: jsonOrText(value) };
    case 'agent':
    case 'workflow':
    case 'llm':
      return {
        [ATTR_GEN_AI_INPUT_MESSAGES]: spanContentJson(
          span,
          ATTR_GEN_AI_INPUT_MESSAGES,
          toInputMessages(value),
          'request',
        ),
      };
    case 'retrieval':
      return { [ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]: jsonOrText(value) };
    default:
      return { [ATTR_INPUT]: jsonOrText(value) };
  }
}

/** The attributes recording a span's output, by kind; see {@link inputAttributes}. */
export function outputAttributes(kind: TracedKind, value: unknown, span: Span): Attributes {
  switch (kind) {
    case 'tool':
      return { [ATTR_GEN_AI_TOOL_CALL_RESULT]: jsonOrText(value) };
    case 'agent':
    case 'workflow':
    case 'llm':
      return {
        [ATTR_GEN_AI_OUTPUT_MESSAGES]: spanContentJson(
          span,
          ATTR_GEN_AI_OUTPUT_MESSAGES,
          toOutputMessages(value),
          'response',
        ),
      };
    case 'retrieval':
      return { [ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]: safeJsonStringify(value) };
    case 'embeddings':
      // Vectors are noise in a trace; their size is the useful fact (not content, so set always).
      return {};
    default:
      return { [ATTR_OUTPUT]: jsonOrText(value) };
  }
}

/**
 * Facts about an output that are not content and are recorded even when capture is off: the
 * dimension count of embedding vectors.
 */
export function outputFacts(kind: TracedKind, value: unknown): Attributes {
  if (kind !== 'embeddings') return {};
  const first = Array.isArray(value) && Array.isArray(value[0]) ? value[0] : value;
  if (Array.isArray(first) && first.length > 0 && typeof first[0] === 'number') {
    return { [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: first.length };
  }
  if (ArrayBuffer.isView(first) && !(first instanceof DataView)) {
    return { [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: (first as unknown as ArrayLike<number>).length };
  }
  return {};
}

/** Text stays text (tool arguments usually arrive as JSON text already); anything else becomes JSON. */
function jsonOrText(value: unknown): string {
  return typeof value === 'string' ? value : safeJsonStringify(value);
}
