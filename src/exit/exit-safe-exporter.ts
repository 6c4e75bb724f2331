import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExportFailureReporter, errorFromReason } from '../exporters/export-failure';
import { postSynchronously } from './sync-http-post';

/** The part of an OpenTelemetry span, metric or log record exporter the exit path needs. */
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
 *
 * The OTLP exporter itself is created on the first export: its package, the HTTP transport and
 * protobuf are then loaded off the app's start-up, and never in a process that exports nothing.
 */
export class ExitSafeExporter<Batch> implements ItemExporter<Batch> {
  private created: ItemExporter<Batch> | undefined;
  private collected: Uint8Array[] | undefined;
  private exportsInFlight = 0;
  private readonly failures: ExportFailureReporter;

  constructor(
    private readonly createDelegate: () => ItemExporter<Batch>,
    private readonly serialize: (batch: Batch) => Uint8Array | undefined,
    private readonly otlp: OtlpSignalConfig,
    private readonly exitTimeoutMillis: number,
    what: 'spans' | 'metrics' | 'logs' = 'spans',
  ) {
    this.failures = new ExportFailureReporter(what, otlp);
  }

  /**
   * Whether an export handed to the OTLP exporter is still under way (it may be retrying with
   * backoff for up to the OTLP timeout, holding the process open).
   */
  get hasExportsInFlight(): boolean {
    return this.exportsInFlight > 0;
  }

  /** The wrapped OTLP exporter, created on first use. */
  protected get delegate(): ItemExporter<Batch> {
    this.created ??= this.createDelegate();
    return this.created;
  }

  export(batch: Batch, resultCallback: (result: ExportResult) => void): void {
    if (!this.collected) {
      this.exportsInFlight++;
      this.delegate.export(batch, (result) => {
        this.exportsInFlight--;
        if (result.code === ExportResultCode.SUCCESS) {
          this.failures.succeeded();
          resultCallback(result);
        } else {
          resultCallback({ code: result.code, error: this.failures.failed(result.error) });
        }
      });
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

  /**
   * Posts what was collected since {@link beginExitFlush}, blocking until `deadline` (epoch ms,
   * shared by every exporter so that the whole exit stays within the exit timeout) at the latest.
   */
  finishExitFlush(deadline: number = Date.now() + this.exitTimeoutMillis): void {
    const bodies = this.collected ?? [];
    this.collected = undefined;
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
          : { sent: false, reason: 'no time left within GENAI_OTEL_EXIT_FLUSH_TIMEOUT' };
      if (!outcome.sent) this.failures.failed(errorFromReason(outcome.reason), ' at exit');
    }
  }

  forceFlush(): Promise<void> {
    return this.created?.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.created?.shutdown() ?? Promise.resolve();
  }
}
