/**
 * The name the GenAI conventions give a span: `{gen_ai.operation.name} {subject}`, where the
 * subject is the model (`chat gpt-4o`), the tool (`execute_tool get_weather`), the agent, the
 * workflow or the data source; just the operation when the subject is unknown.
 */
export function genAISpanName(operation: string, subject?: string): string {
  return subject ? `${operation} ${subject}` : operation;
}
