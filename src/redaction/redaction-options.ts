/** Where a value being redacted comes from, for a {@link RedactionHook}. */
export interface RedactionTarget {
  /** The attribute key, e.g. `gen_ai.input.messages`. */
  attribute: string;
  /** The span's name, e.g. `chat gpt-4o-mini`. */
  spanName: string;
  /** The span event's name when the attribute sits on an event, otherwise undefined. */
  eventName?: string;
}

/**
 * Your own redaction, run before the patterns on every GenAI content value of every span. Return
 * the value to export (a string), or `undefined` to keep it. A hook that throws makes the value
 * `[REDACTED]`: failing closed is the safe side for secrets.
 */
export type RedactionHook = (value: string, target: RedactionTarget) => string | undefined;

/** Names of the built-in scrubbing patterns. */
export type BuiltinRedactionPattern = 'api_keys' | 'emails';

/**
 * How genai-otel scrubs GenAI content attributes (prompts, completions, tool arguments and
 * results, from any instrumentation) before any exporter sees them. Applies only to content;
 * content itself is recorded only when capture is on.
 */
export interface RedactionOptions {
  /**
   * Built-in patterns to apply. Env: `GENAI_OTEL_REDACT_BUILTIN` (comma list, or `none`).
   * Default: `api_keys,emails`.
   */
  builtinPatterns?: BuiltinRedactionPattern[];
  /**
   * More patterns; every match becomes `[REDACTED]`. Strings are compiled as global regular
   * expressions. Env: `GENAI_OTEL_REDACT_PATTERNS` (one regular expression, or a JSON array of them).
   */
  patterns?: Array<RegExp | string>;
  /**
   * More attribute keys to treat as content (a trailing `*` matches a prefix). Env:
   * `GENAI_OTEL_REDACT_ATTRIBUTES` (comma list).
   */
  attributes?: string[];
  /** See {@link RedactionHook}. Code only. */
  redact?: RedactionHook;
}
