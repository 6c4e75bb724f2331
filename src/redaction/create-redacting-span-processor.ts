import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { RedactingSpanProcessor } from './redacting-span-processor';
import type { RedactionOptions } from './redaction-options';
import { resolveRedaction } from './resolve-redaction';

/**
 * The span processor `register()` installs to scrub GenAI content, for setups where another SDK
 * owns the tracer provider: put it first in your NodeSDK's `spanProcessors`.
 *
 * @example
 * ```ts
 * new NodeSDK({ spanProcessors: [createRedactingSpanProcessor({ patterns: [/ACCT-\d+/g] }), batch] });
 * ```
 */
export function createRedactingSpanProcessor(options: RedactionOptions = {}): SpanProcessor {
  return new RedactingSpanProcessor(resolveRedaction(options));
}
