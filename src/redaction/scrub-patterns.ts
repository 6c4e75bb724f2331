import type { BuiltinRedactionPattern } from './redaction-options';

export interface ScrubPattern {
  pattern: RegExp;
  replacement: string;
}

/**
 * Credentials with a recognisable shape: OpenAI/Anthropic-style `sk-` keys, AWS access key ids
 * (long-term `AKIA…` and temporary `ASIA…`) and STS session tokens, Google API keys, GitHub and Slack tokens, JWTs and bearer tokens. Shapes, not guesses: a
 * random-looking word without a known prefix is left alone, so ordinary text is not mangled.
 */
const API_KEY_PATTERNS: readonly RegExp[] = [
  /\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{16,}/g,
  /\bA[KS]IA[0-9A-Z]{16}\b/g,
  // STS session tokens are base64 of a binary blob with a fixed start (IQoJb3JpZ2lu…, older FwoGZXIvYXdz…, AQoDYXdz…).
  /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|AQoDYXdz)[A-Za-z0-9+/=]{16,}/g,
  /\bAIza[0-9A-Za-z_-]{35}/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g,
];

/**
 * The lookbehind lets a match start only where a local part starts: without it a long run of
 * word characters with no `@` costs quadratic time (each position rescans the run), which a 10 MB
 * prompt turns into minutes inside `span.end()`.
 */
const EMAIL_PATTERN = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

export const BUILTIN_PATTERN_NAMES: readonly BuiltinRedactionPattern[] = ['api_keys', 'emails'];

export function builtinScrubPatterns(names: readonly BuiltinRedactionPattern[]): ScrubPattern[] {
  const patterns: ScrubPattern[] = [];
  if (names.includes('api_keys')) {
    for (const pattern of API_KEY_PATTERNS) patterns.push({ pattern, replacement: '[REDACTED:api_key]' });
  }
  if (names.includes('emails')) patterns.push({ pattern: EMAIL_PATTERN, replacement: '[REDACTED:email]' });
  return patterns;
}

/**
 * Longest text scrubbed; beyond it the value is cut (with a marker) before scrubbing, so that a
 * huge value — or a user pattern that backtracks — cannot stall the app's thread for long.
 * Content attributes are already cut to 16 KiB per string when they are recorded.
 */
export const MAX_SCRUBBED_LENGTH = 1024 * 1024;

/** Applies every pattern in turn; replacements hold no quote or backslash, so JSON stays JSON. */
export function scrub(value: string, patterns: readonly ScrubPattern[]): string {
  let result =
    value.length > MAX_SCRUBBED_LENGTH
      ? `${value.slice(0, MAX_SCRUBBED_LENGTH)}…[truncated ${value.length - MAX_SCRUBBED_LENGTH} chars]`
      : value;
  for (const { pattern, replacement } of patterns) {
    pattern.lastIndex = 0;
    result = result.replace(pattern, replacement);
  }
  return result;
}
