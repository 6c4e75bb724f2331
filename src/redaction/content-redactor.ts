import { type AttributeValue, diag } from '@opentelemetry/api';
import { createContentKeyMatcher } from './content-attribute-keys';
import type { RedactionTarget } from './redaction-options';
import type { ResolvedRedaction } from './resolve-redaction';
import { scrub } from './scrub-patterns';

/** What a value becomes when the user's hook throws: nothing of it leaves the process. */
export const FAILED_CLOSED = '[REDACTED]';

/**
 * The scrubbing of content values, shared by the span processor and the log record processor:
 * which keys are content, and a value with the user's hook and the patterns applied (strings
 * anywhere inside arrays and maps, as log events carry content structured).
 */
export class ContentRedactor {
  readonly isContentKey: (key: string) => boolean;
  private reportedFailure = false;

  constructor(private readonly redaction: ResolvedRedaction) {
    this.isContentKey = createContentKeyMatcher(redaction.extraContentKeys);
  }

  /** Whether there is anything to scrub with (no patterns and no hook: nothing to do). */
  get isActive(): boolean {
    return this.redaction.patterns.length > 0 || this.redaction.hook !== undefined;
  }

  /** `value` with every string in it scrubbed (span attribute values are strings or arrays of them). */
  redactValue(value: AttributeValue, target: RedactionTarget): AttributeValue {
    if (typeof value === 'string') return this.redactString(value, target);
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item as AttributeValue, target));
    if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      const redacted: Record<string, AttributeValue> = {};
      for (const [key, item] of Object.entries(value as Record<string, AttributeValue>)) {
        redacted[key] = this.redactValue(item, target);
      }
      return redacted;
    }
    return value;
  }

  redactString(value: string, target: RedactionTarget): string {
    let result = value;
    if (this.redaction.hook) {
      try {
        const replaced = this.redaction.hook(result, target);
        if (typeof replaced === 'string') result = replaced;
      } catch (error) {
        this.reportOnce('genai-otel: the redaction hook threw; the value is exported as [REDACTED]', error);
        return FAILED_CLOSED;
      }
    }
    return scrub(result, this.redaction.patterns);
  }

  /** Reports the first failure of the redaction; later ones would repeat it. */
  reportOnce(message: string, error: unknown): void {
    if (this.reportedFailure) return;
    this.reportedFailure = true;
    diag.error(message, error);
  }
}
