/**
 * The text a streamed OpenAI chunk adds, for opt-in `llm.token` events: a Chat Completions delta
 * (first choice), a legacy Completions chunk, or a Responses `response.output_text.delta` event.
 * Undefined for chunks that add no text (role, tool-call arguments, usage, lifecycle events).
 */
export function openAIChunkText(chunk: unknown): string | undefined {
  const record = chunk as {
    type?: unknown;
    delta?: unknown;
    choices?: Array<{ delta?: { content?: unknown }; text?: unknown }>;
  } | null;
  if (record === null || typeof record !== 'object') return undefined;
  if (record.type === 'response.output_text.delta')
    return typeof record.delta === 'string' ? record.delta : undefined;
  const choice = Array.isArray(record.choices) ? record.choices[0] : undefined;
  const text = choice?.delta?.content ?? choice?.text;
  return typeof text === 'string' && text !== '' ? text : undefined;
}
