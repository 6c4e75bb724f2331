import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExitSafeExporter } from './exit-safe-exporter';
import { serializeOtlpRequest } from './otlp-request-serializer';

/** {@link ExitSafeExporter} for log records; `createExporter` runs on the first export. */
export class ExitSafeLogExporter extends ExitSafeExporter<ReadableLogRecord[]> implements LogRecordExporter {
  constructor(createExporter: () => LogRecordExporter, otlp: OtlpSignalConfig, exitTimeoutMillis: number) {
    super(
      createExporter,
      (records) => serializeOtlpRequest('logs', otlp.protocol, records),
      otlp,
      exitTimeoutMillis,
      'logs',
    );
  }
}
