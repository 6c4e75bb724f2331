import type { AttributeValue, Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ContentRedactor, FAILED_CLOSED } from './content-redactor';
import type { ResolvedRedaction } from './resolve-redaction';

/**
 * Scrubs the content attributes of log records — the `gen_ai.client.inference.operation.details`
 * event carries prompts and answers structured — the way {@link RedactingSpanProcessor} scrubs
 * spans, before the exporting processors see them. Never throws into `emit()`, which runs in the
 * app's call.
 */
export class RedactingLogRecordProcessor implements LogRecordProcessor {
  private readonly redactor: ContentRedactor;

  constructor(redaction: ResolvedRedaction) {
    this.redactor = new ContentRedactor(redaction);
  }

  onEmit(record: ReadWriteLogRecord, _context?: Context): void {
    if (!this.redactor.isActive) return;
    const target = { attribute: '', spanName: '', eventName: record.eventName };
    try {
      for (const [key, value] of Object.entries(record.attributes)) {
        if (value === undefined || !this.redactor.isContentKey(key)) continue;
        record.setAttribute(
          key,
          this.redactor.redactValue(value as AttributeValue, { ...target, attribute: key }),
        );
      }
    } catch (error) {
      this.redactor.reportOnce(
        'genai-otel: redaction failed; the log record content attributes are dropped',
        error,
      );
      for (const key of Object.keys(record.attributes)) {
        if (this.redactor.isContentKey(key)) record.setAttribute(key, FAILED_CLOSED);
      }
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
