import { diag } from '@opentelemetry/api';
import { type Environment, EnvReader } from '../config/env-reader';
import type { BuiltinRedactionPattern, RedactionHook, RedactionOptions } from './redaction-options';
import { BUILTIN_PATTERN_NAMES, builtinScrubPatterns, type ScrubPattern } from './scrub-patterns';

/** Redaction settings after options and environment are merged, patterns compiled. */
export interface ResolvedRedaction {
  patterns: ScrubPattern[];
  extraContentKeys: string[];
  hook: RedactionHook | undefined;
}

const CUSTOM_REPLACEMENT = '[REDACTED]';

/**
 * Merges {@link RedactionOptions} over `GENAI_OTEL_REDACT_*`. Never throws: a pattern that does
 * not compile is skipped with one `diag` warning (without echoing it, as it may name a secret).
 */
export function resolveRedaction(
  options: RedactionOptions = {},
  env: Environment = process.env,
): ResolvedRedaction {
  const read = new EnvReader(env);
  const builtinNames = options.builtinPatterns ?? readBuiltinNames(read);
  const patternSources = options.patterns ?? readPatternSources(read);
  const patterns = builtinScrubPatterns(builtinNames);
  for (const source of patternSources) {
    const compiled = compile(source);
    if (compiled) patterns.push({ pattern: compiled, replacement: CUSTOM_REPLACEMENT });
  }
  const envKeys = read.string('GENAI_OTEL_REDACT_ATTRIBUTES')?.split(',') ?? [];
  return {
    patterns,
    extraContentKeys: (options.attributes ?? envKeys).map((key) => key.trim()).filter((key) => key !== ''),
    hook: options.redact,
  };
}

function readBuiltinNames(read: EnvReader): BuiltinRedactionPattern[] {
  const entries = read.list('GENAI_OTEL_REDACT_BUILTIN');
  if (entries === undefined) return [...BUILTIN_PATTERN_NAMES];
  if (entries.includes('none')) return [];
  const known = entries.filter((entry): entry is BuiltinRedactionPattern =>
    BUILTIN_PATTERN_NAMES.includes(entry as BuiltinRedactionPattern),
  );
  if (known.length !== entries.length) {
    read.warnInvalid(
      'GENAI_OTEL_REDACT_BUILTIN',
      entries.join(','),
      known.join(',') || 'none',
      `known: ${BUILTIN_PATTERN_NAMES.join(', ')}, none`,
    );
  }
  return known;
}

/** One regular expression, or a JSON array of them (commas are common inside patterns). */
function readPatternSources(read: EnvReader): string[] {
  const value = read.string('GENAI_OTEL_REDACT_PATTERNS');
  if (value === undefined) return [];
  if (!value.startsWith('[')) return [value];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string')) return parsed;
  } catch {
    // reported below
  }
  diag.warn(
    'genai-otel: GENAI_OTEL_REDACT_PATTERNS is not a JSON array of strings; no custom pattern is applied',
  );
  return [];
}

function compile(source: RegExp | string): RegExp | undefined {
  try {
    if (typeof source === 'string') return new RegExp(source, 'g');
    return source.global ? source : new RegExp(source.source, `${source.flags}g`);
  } catch {
    diag.warn('genai-otel: a redaction pattern is not a valid regular expression and is skipped');
    return undefined;
  }
}
