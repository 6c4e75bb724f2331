import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExitSafeExporter } from './exit-safe-exporter';

type Transformer = typeof import('@opentelemetry/otlp-transformer');

/** {@link ExitSafeExporter} for log records; `createExporter` runs on the first export. */
export class ExitSafeLogExporter extends ExitSafeExporter<ReadableLogRecord[]> implements LogRecordExporter {
  constructor(createExporter: () => LogRecordExporter, otlp: OtlpSignalConfig, exitTimeoutMillis: number) {
    super(
      createExporter,
      (records) => {
        // Loaded with the first batch serialized at exit, not at start-up.
        const transformer = require('@opentelemetry/otlp-transformer') as Transformer;
        const serializer =
          otlp.protocol === 'http/json' ? transformer.JsonLogsSerializer : transformer.ProtobufLogsSerializer;
        return serializer.serializeRequest(records);
      },
      otlp,
      exitTimeoutMillis,
      'logs',
    );
  }
}
