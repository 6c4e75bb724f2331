/**
 * The text a streamed `GenerateContentResponse` adds, for opt-in `llm.token` events: the first
 * candidate's non-thought text parts. Undefined for chunks without text (function calls, usage).
 */
export function geminiChunkText(chunk: unknown): string | undefined {
  const parts = (chunk as { candidates?: Array<{ content?: { parts?: unknown } }> } | null)?.candidates?.[0]
    ?.content?.parts;
  if (!Array.isArray(parts)) return undefined;
  let text = '';
  for (const part of parts as Array<{ text?: unknown; thought?: unknown } | null>) {
    if (typeof part?.text === 'string' && part.thought !== true) text += part.text;
  }
  return text === '' ? undefined : text;
}
