import type { Attributes, Span } from '@opentelemetry/api';
import type { TokenUsage } from './inference-types';
import {
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from './semconv';
import {
  activeGenAIConventions,
  allVersionedKeys,
  type GenAIConventions,
  versionedKeys,
} from './semconv-version';

/**
 * {@link TokenUsage} field ↔ `gen_ai.usage.*` attributes: the one mapping, read both ways. A field
 * whose name changed between convention versions lists every name (newest first); what is written
 * is chosen by the conventions in force.
 */
const USAGE_KEYS: ReadonlyArray<
  readonly [keyof TokenUsage, (conventions: GenAIConventions) => readonly string[]]
> = [
  ['inputTokens', () => [ATTR_GEN_AI_USAGE_INPUT_TOKENS]],
  ['outputTokens', () => [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]],
  ['cacheReadInputTokens', () => [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]],
  ['cacheWriteInputTokens', (conventions) => versionedKeys('cacheWriteInputTokens', conventions)],
  ['reasoningOutputTokens', () => [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]],
];

/**
 * Whether a provider's count can be a token count. A malformed answer (`"outputTokens": -1`, a
 * float, NaN) is left out rather than recorded: it would turn token metrics and cost negative.
 */
function isTokenCount(value: number | undefined): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Per conventions, each field with the keys it is written under (built once, not per call). */
const USAGE_KEYS_BY_CONVENTIONS = new Map<
  GenAIConventions,
  ReadonlyArray<readonly [keyof TokenUsage, readonly string[]]>
>();
function usageKeysFor(
  conventions: GenAIConventions,
): ReadonlyArray<readonly [keyof TokenUsage, readonly string[]]> {
  let keys = USAGE_KEYS_BY_CONVENTIONS.get(conventions);
  if (keys === undefined) {
    keys = USAGE_KEYS.map(([field, keysOf]) => [field, keysOf(conventions)] as const);
    USAGE_KEYS_BY_CONVENTIONS.set(conventions, keys);
  }
  return keys;
}

/**
 * Sets the `gen_ai.usage.*` attributes of `usage` on `span`, as {@link usageAttributes} lists them,
 * without building the attribute object (once per model call).
 */
export function setUsageAttributes(
  span: Span,
  usage: TokenUsage,
  conventions: GenAIConventions = activeGenAIConventions(),
): void {
  for (const [field, keys] of usageKeysFor(conventions)) {
    const value = usage[field];
    if (!isTokenCount(value)) continue;
    for (const key of keys) span.setAttribute(key, value);
  }
}

/**
 * The `gen_ai.usage.*` span attributes of `usage` under `conventions` (the ones in force by
 * default); counts the provider did not report, or not as a count, are left out.
 */
export function usageAttributes(
  usage: TokenUsage,
  conventions: GenAIConventions = activeGenAIConventions(),
): Attributes {
  const attributes: Attributes = {};
  for (const [field, keys] of usageKeysFor(conventions)) {
    const value = usage[field];
    if (!isTokenCount(value)) continue;
    for (const key of keys) attributes[key] = value;
  }
  return attributes;
}

/** Token usage from `gen_ai.usage.*` attributes of any convention version; undefined when there is none. */
export function usageFromAttributes(attributes: Attributes): TokenUsage | undefined {
  let usage: TokenUsage | undefined;
  for (const [field, keysOf] of USAGE_KEYS) {
    for (const key of keysOf('both')) {
      const value = attributes[key];
      if (typeof value === 'number') {
        usage ??= {};
        usage[field] = value;
        break;
      }
    }
  }
  return usage;
}

/** Every name the cache-write count has had, for readers of spans (the viewer). */
export const CACHE_WRITE_INPUT_TOKEN_KEYS: readonly string[] = allVersionedKeys('cacheWriteInputTokens');

/** `earlier` with the counts `later` reports replaced (only the known fields, and only valid counts, are read). */
export function mergeUsage(earlier: TokenUsage | undefined, later: TokenUsage): TokenUsage {
  const merged: TokenUsage = earlier === undefined ? {} : { ...earlier };
  for (const [field] of USAGE_KEYS) {
    const value = later[field];
    if (isTokenCount(value)) merged[field] = value;
  }
  return merged;
}
