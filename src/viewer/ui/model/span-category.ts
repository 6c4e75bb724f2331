import type { SpanRecord } from '../api/api-types';
import {
  ATTR_DB_SYSTEM,
  ATTR_DB_SYSTEM_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_MCP_METHOD_NAME,
} from './attribute-keys';

/** What a span is, at a glance: each category has its own colour in the waterfall. */
export type SpanCategory =
  | 'llm'
  | 'embeddings'
  | 'tool'
  | 'agent'
  | 'workflow'
  | 'retrieval'
  | 'mcp'
  | 'http'
  | 'db'
  | 'other';

export interface SpanBadge {
  category: SpanCategory;
  /** Short text on the badge: the GenAI operation, `MCP`, `HTTP`, or the span kind. */
  label: string;
}

const OPERATION_CATEGORIES: Record<string, SpanCategory> = {
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  embeddings: 'embeddings',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
  invoke_workflow: 'workflow',
  retrieval: 'retrieval',
};

/** The badge for a span: MCP first (an MCP tool call is also an execute_tool), then the GenAI operation. */
export function spanBadge(span: SpanRecord): SpanBadge {
  const attributes = span.attributes;
  const mcpMethod = attributes[ATTR_MCP_METHOD_NAME];
  if (typeof mcpMethod === 'string') return { category: 'mcp', label: `MCP ${mcpMethod}` };
  const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation === 'string' && operation !== '') {
    return { category: OPERATION_CATEGORIES[operation] ?? 'other', label: operation };
  }
  if (attributes[ATTR_HTTP_REQUEST_METHOD] !== undefined) return { category: 'http', label: 'HTTP' };
  if (attributes[ATTR_DB_SYSTEM_NAME] !== undefined || attributes[ATTR_DB_SYSTEM] !== undefined) {
    return { category: 'db', label: 'DB' };
  }
  return { category: 'other', label: span.kind };
}

/** Inference spans: the ones that carry a model call's usage, cost and transcript. */
export function isInferenceCategory(category: SpanCategory): boolean {
  return category === 'llm' || category === 'embeddings';
}
