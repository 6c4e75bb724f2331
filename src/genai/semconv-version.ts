import { getProcessState } from '../process-state';
import {
  ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID,
  ATTR_GEN_AI_REQUEST_REASONING_LEVEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
} from './semconv';

/**
 * Which GenAI conventions genai-otel writes (docs/semconv-versions.md):
 * - `released`: the last released text, semantic-conventions v1.41 (the default);
 * - `latest`: the newest draft, semantic-conventions-genai `main`;
 * - `both`: every name of both, for the time a backend's dashboards move from one to the other.
 */
export type GenAIConventions = 'released' | 'latest' | 'both';

/** The values of {@link GenAIConventions}, for option validation. */
export const GENAI_CONVENTIONS: readonly GenAIConventions[] = ['released', 'latest', 'both'];

/** The environment variable the conventions name for choosing a version, and our two entries of it. */
export const SEMCONV_STABILITY_OPT_IN = 'OTEL_SEMCONV_STABILITY_OPT_IN';
/** Defined by the conventions (core v1.37–v1.41): the newest draft only. */
export const OPT_IN_GEN_AI_LATEST = 'gen_ai_latest_experimental';
/**
 * Both old and new names. The GenAI text defines no `/dup` entry; this follows the `http/dup` and
 * `database/dup` entries the conventions define for the same migration in other domains.
 */
export const OPT_IN_GEN_AI_LATEST_DUP = 'gen_ai_latest_experimental/dup';

/**
 * The conventions chosen by an `OTEL_SEMCONV_STABILITY_OPT_IN` value (a comma list of which other
 * domains' entries are ignored): `/dup` wins over the plain entry, as `http/dup` does over `http`.
 */
export function conventionsFromOptIn(value: string | undefined): GenAIConventions {
  if (value === undefined) return 'released';
  const entries = value.split(',').map((entry) => entry.trim().toLowerCase());
  if (entries.includes(OPT_IN_GEN_AI_LATEST_DUP)) return 'both';
  if (entries.includes(OPT_IN_GEN_AI_LATEST)) return 'latest';
  return 'released';
}

/**
 * The conventions in force: the `genAIConventions` register option when genai-otel was registered
 * with it, otherwise `OTEL_SEMCONV_STABILITY_OPT_IN` (so an instrumentation used with someone
 * else's SDK follows the standard variable). Read per operation, not cached: cheap, and a test or
 * a late `register()` changes it.
 */
export function activeGenAIConventions(): GenAIConventions {
  return (
    getProcessState().config?.genAIConventions ?? conventionsFromOptIn(process.env[SEMCONV_STABILITY_OPT_IN])
  );
}

/**
 * Every attribute whose name depends on the conventions' version: its released name and its draft
 * name; `undefined` where that version has no such attribute (then it is not written). The one
 * place a rename is declared; recording code asks {@link versionedKeys} for the names to write.
 */
export const VERSIONED_ATTRIBUTES = {
  cacheWriteInputTokens: {
    released: ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
    latest: ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  },
  reasoningLevel: { released: undefined, latest: ATTR_GEN_AI_REQUEST_REASONING_LEVEL },
  previousResponseId: { released: undefined, latest: ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID },
} as const satisfies Record<string, { released: string | undefined; latest: string | undefined }>;

/** A concept of {@link VERSIONED_ATTRIBUTES}. */
export type VersionedAttribute = keyof typeof VERSIONED_ATTRIBUTES;

const KEYS_BY_CONVENTIONS: Record<GenAIConventions, Record<VersionedAttribute, readonly string[]>> = {
  released: keysOf('released'),
  latest: keysOf('latest'),
  both: keysOf('both'),
};

/** The names to write `concept` under for `conventions` (none, one, or both names). */
export function versionedKeys(
  concept: VersionedAttribute,
  conventions: GenAIConventions = activeGenAIConventions(),
): readonly string[] {
  return KEYS_BY_CONVENTIONS[conventions][concept];
}

/** Every name `concept` has had, for readers of our own spans (newest first). */
export function allVersionedKeys(concept: VersionedAttribute): readonly string[] {
  return KEYS_BY_CONVENTIONS.both[concept];
}

function keysOf(conventions: GenAIConventions): Record<VersionedAttribute, readonly string[]> {
  const result = {} as Record<VersionedAttribute, readonly string[]>;
  for (const concept of Object.keys(VERSIONED_ATTRIBUTES) as VersionedAttribute[]) {
    const { released, latest }: { released: string | undefined; latest: string | undefined } =
      VERSIONED_ATTRIBUTES[concept];
    const keys: string[] = [];
    if (conventions !== 'released' && latest !== undefined) keys.push(latest);
    if (conventions !== 'latest' && released !== undefined && released !== latest) keys.push(released);
    result[concept] = keys;
  }
  return result;
}
