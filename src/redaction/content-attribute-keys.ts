import { LEGACY_GEN_AI_CONTENT_KEY_PATTERNS, OWN_CONTENT_ATTRIBUTES } from '../genai/semconv';

/**
 * Attribute keys that carry GenAI message content, as written by genai-otel and by the other
 * GenAI instrumentations in use (current and older OpenTelemetry GenAI conventions, OpenLLMetry's
 * indexed `gen_ai.prompt.N.*` keys, OpenInference's `input.value` / `llm.*_messages`). A trailing
 * `*` matches a prefix.
 */
export const CONTENT_ATTRIBUTE_KEYS: readonly string[] = [
  ...OWN_CONTENT_ATTRIBUTES,
  ...LEGACY_GEN_AI_CONTENT_KEY_PATTERNS,
  'input.value',
  'output.value',
  'llm.input_messages*',
  'llm.output_messages*',
  'llm.prompts*',
];

/**
 * Not content, but text a provider or an app writes and that may quote what it was sent: an error
 * message echoing a rejected API key, a stack trace with a request body. Scrubbed the same way.
 */
export const ERROR_TEXT_ATTRIBUTE_KEYS: readonly string[] = ['exception.message', 'exception.stacktrace'];

const MAX_REMEMBERED_KEYS = 4096;

/** Tells whether an attribute key is scrubbed, given the built-in keys and the configured ones. */
export function createContentKeyMatcher(extraKeys: readonly string[] = []): (key: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const key of [...CONTENT_ATTRIBUTE_KEYS, ...ERROR_TEXT_ATTRIBUTE_KEYS, ...extraKeys]) {
    if (key.endsWith('*')) prefixes.push(key.slice(0, -1));
    else exact.add(key);
  }
  // Every span's every attribute key passes here; a span's keys repeat from call to call, so each
  // key's answer is remembered (bounded: keys with ids in them must not grow it without end).
  const known = new Map<string, boolean>();
  return (key) => {
    let isContent = known.get(key);
    if (isContent === undefined) {
      isContent = exact.has(key) || prefixes.some((prefix) => key.startsWith(prefix));
      if (known.size < MAX_REMEMBERED_KEYS) known.set(key, isContent);
    }
    return isContent;
  };
}
