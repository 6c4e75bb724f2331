/**
 * Defensive readers for provider payloads. Instrumentations read request and response objects
 * whose shapes vary across SDK versions and OpenAI-compatible servers; these never throw and
 * return undefined for anything of the wrong type.
 */

export type PayloadRecord = Record<string, unknown>;

export function asRecord(value: unknown): PayloadRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as PayloadRecord)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** A stop parameter (`"\n"` or `["\n", "END"]`) as the string array the conventions want. */
export function asStringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string');
  return strings.length > 0 ? strings : undefined;
}

/**
 * Tool-call arguments as an object when they are JSON (the conventions prefer objects), else the
 * raw string: streamed or truncated arguments are often incomplete JSON.
 */
export function parseToolArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
