import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { RedactingLogRecordProcessor } from './redacting-log-record-processor';
import type { RedactionOptions } from './redaction-options';
import { resolveRedaction } from './resolve-redaction';

/**
 * The log record processor `register()` installs to scrub the content of GenAI log events
 * (`gen_ai.client.inference.operation.details`), for setups where another SDK owns the logger
 * provider: put it before your exporting processors.
 *
 * @example
 * ```ts
 * new NodeSDK({ logRecordProcessors: [createRedactingLogRecordProcessor(), new BatchLogRecordProcessor({ exporter })] });
 * ```
 */
export function createRedactingLogRecordProcessor(options: RedactionOptions = {}): LogRecordProcessor {
  return new RedactingLogRecordProcessor(resolveRedaction(options));
}
