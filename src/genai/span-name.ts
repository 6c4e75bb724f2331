import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
} from './semconv';

/**
 * The name the GenAI conventions give a span: `{gen_ai.operation.name} {subject}`, where the
 * subject is the model (`chat gpt-4o`), the tool (`execute_tool get_weather`), the agent, the
 * workflow or the data source; just the operation when the subject is unknown.
 */
export function genAISpanName(operation: string, subject?: string): string {
  return subject ? `${operation} ${subject}` : operation;
}

/** The attribute naming each operation's subject; the request model for the others (model calls). */
const SUBJECT_BY_OPERATION: Readonly<Record<string, string>> = {
  invoke_agent: ATTR_GEN_AI_AGENT_NAME,
  create_agent: ATTR_GEN_AI_AGENT_NAME,
  execute_tool: ATTR_GEN_AI_TOOL_NAME,
  invoke_workflow: ATTR_GEN_AI_WORKFLOW_NAME,
  retrieval: ATTR_GEN_AI_DATA_SOURCE_ID,
};

/** {@link genAISpanName} with the subject read from the span's attributes. */
export function genAISpanNameOf(operation: string, attributes: Attributes): string {
  const subject = attributes[SUBJECT_BY_OPERATION[operation] ?? ATTR_GEN_AI_REQUEST_MODEL];
  return genAISpanName(operation, typeof subject === 'string' ? subject : undefined);
}
