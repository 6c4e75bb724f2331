import type { Attributes } from '@opentelemetry/api';
import { toInputMessages, toOutputMessages } from '../content/message-parts';
import { safeJsonStringify } from '../content/safe-json';
import type { TracedKind } from './span-options';

/** Our attributes for the input and output of spans the GenAI conventions have no content attribute for. */
export const ATTR_INPUT = 'genai_otel.input';
export const ATTR_OUTPUT = 'genai_otel.output';

/**
 * The attributes recording a span's input, by kind: tool arguments for tools, messages in parts
 * shape for agents, workflows and model calls, the query text for retrieval, our own
 * `genai_otel.input` otherwise. Only called when content capture is on.
 */
export function inputAttributes(kind: TracedKind, value: unknown): Attributes {
  switch (kind) {
    case 'tool':
      return { 'gen_ai.tool.call.arguments': jsonOrText(value) };
    case 'agent':
    case 'workflow':
    case 'llm':
      return { 'gen_ai.input.messages': safeJsonStringify(toInputMessages(value)) };
    case 'retrieval':
      return { 'gen_ai.retrieval.query.text': jsonOrText(value) };
    default:
      return { [ATTR_INPUT]: jsonOrText(value) };
  }
}

/** The attributes recording a span's output, by kind; see {@link inputAttributes}. */
export function outputAttributes(kind: TracedKind, value: unknown): Attributes {
  switch (kind) {
    case 'tool':
      return { 'gen_ai.tool.call.result': jsonOrText(value) };
    case 'agent':
    case 'workflow':
    case 'llm':
      return { 'gen_ai.output.messages': safeJsonStringify(toOutputMessages(value)) };
    case 'retrieval':
      return { 'gen_ai.retrieval.documents': safeJsonStringify(value) };
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
    return { 'gen_ai.embeddings.dimension.count': first.length };
  }
  if (ArrayBuffer.isView(first) && !(first instanceof DataView)) {
    return { 'gen_ai.embeddings.dimension.count': (first as unknown as ArrayLike<number>).length };
  }
  return {};
}

/** Text stays text (tool arguments usually arrive as JSON text already); anything else becomes JSON. */
function jsonOrText(value: unknown): string {
  return typeof value === 'string' ? value : safeJsonStringify(value);
}
