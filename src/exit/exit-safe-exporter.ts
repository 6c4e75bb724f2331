import { diag } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { postSynchronously } from './sync-http-post';

/** The part of an OpenTelemetry span or metric exporter the exit path needs. */
export interface ItemExporter<Batch> {
  export(batch: Batch, resultCallback: (result: ExportResult) => void): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Wraps an OTLP exporter so that what is flushed while the process ends is really sent. At
 * `exit` no event-loop turn follows and at `beforeExit` an export to a backend that hangs would
 * hold the process until the OTLP timeout; so between {@link beginExitFlush} and
 * {@link finishExitFlush} batches are serialized instead of sent, then posted with blocking
 * requests bounded by the exit timeout.
 */
export class ExitSafeExporter<Batch> implements ItemExporter<Batch> {
  private collected: Uint8Array[] | undefined;

  constructor(
    private readonly delegate: ItemExporter<Batch>,
    private readonly serialize: (batch: Batch) => Uint8Array | undefined,
    private readonly otlp: OtlpSignalConfig,
    private readonly exitTimeoutMillis: number,
  ) {}

  export(batch: Batch, resultCallback: (result: ExportResult) => void): void {
    if (!this.collected) {
      this.delegate.export(batch, resultCallback);
      return;
    }
    try {
      const body = this.serialize(batch);
      if (body) this.collected.push(body);
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  beginExitFlush(): void {
    this.collected ??= [];
  }

  /** Posts what was collected since {@link beginExitFlush}, blocking for at most the exit timeout. */
  finishExitFlush(): void {
    const bodies = this.collected ?? [];
    this.collected = undefined;
    const deadline = Date.now() + this.exitTimeoutMillis;
    for (const body of bodies) {
      const remaining = deadline - Date.now();
      const outcome =
        remaining > 0
          ? postSynchronously({
              url: this.otlp.url,
              headers: {
                ...this.otlp.headers,
                'Content-Type':
                  this.otlp.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
              },
              body,
              timeoutMillis: Math.min(this.otlp.timeoutMillis, remaining),
            })
          : 'timed-out';
      if (outcome !== 'sent') diag.error(`genai-otel: telemetry could not be exported at exit (${outcome})`);
    }
  }

  forceFlush(): Promise<void> {
    return this.delegate.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.delegate.shutdown();
  }
}
