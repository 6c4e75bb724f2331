import { type Context, diag } from '@opentelemetry/api';
import type {
  BatchLogRecordProcessor,
  LogRecordExporter,
  LogRecordProcessor,
  ReadableLogRecord,
  ReadWriteLogRecord,
} from '@opentelemetry/sdk-logs';

type BatchProcessorClass = typeof BatchLogRecordProcessor;

/**
 * A `BatchLogRecordProcessor` that can hand the records it has not exported yet to its exporter
 * synchronously, for the `exit` event (`process.exit()`, a crash). The SDK's `forceFlush()` cannot:
 * it awaits before it calls the exporter, and `exit` resumes no promise. Using only public API, it
 * remembers each emitted record until the batch processor passes it to the exporter; what is left
 * at exit is what the batch processor still buffers.
 */
export class HandOverLogRecordProcessor implements LogRecordProcessor {
  // The SDK's log record object is both the ReadWriteLogRecord processors see and the
  // ReadableLogRecord exporters see: tracked by identity.
  private readonly pending = new Set<object>();
  private readonly batch: LogRecordProcessor;

  constructor(
    BatchProcessor: BatchProcessorClass,
    private readonly exporter: LogRecordExporter,
    // The batch processor's queue size: it drops records beyond it, so remembering more is pointless.
    private readonly capacity = 2048,
  ) {
    const pending = this.pending;
    this.batch = new BatchProcessor({
      exporter: {
        export(records, resultCallback) {
          for (const record of records) pending.delete(record);
          exporter.export(records, resultCallback);
        },
        forceFlush: () => exporter.forceFlush(),
        shutdown: () => exporter.shutdown(),
      },
      maxQueueSize: capacity,
    });
  }

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    if (this.pending.size < this.capacity) this.pending.add(record);
    this.batch.onEmit(record, context);
  }

  /** Exports every record not yet passed to the exporter, without awaiting anything. */
  handOverSynchronously(): void {
    if (this.pending.size === 0) return;
    const records = [...this.pending] as ReadableLogRecord[];
    this.pending.clear();
    this.exporter.export(records, (result) => {
      if (result.error) diag.debug('genai-otel: exporting log records at exit failed', result.error);
    });
  }

  forceFlush(): Promise<void> {
    return this.batch.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.batch.shutdown().finally(() => this.pending.clear());
  }
}
