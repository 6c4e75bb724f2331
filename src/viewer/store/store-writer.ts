import type { SpanRecord } from '../model';
import type { MetricPointRecord } from '../otlp/otlp-metrics-request';
import type { SpanStore, WriteResult } from './span-store';

export interface StoreWriterOptions {
  /** Spans waiting to be written beyond which new requests are refused (the receiver answers 429). */
  maxQueuedSpans?: number;
  /** Spans per transaction; the event loop gets a turn between transactions. */
  maxSpansPerTransaction?: number;
  /** Called after each commit with the traces it touched (the live stream listens here). */
  onStored?: (traceIds: string[]) => void;
}

interface PendingWrite {
  spans: readonly SpanRecord[];
  metricPoints: readonly MetricPointRecord[];
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups the writes of requests that arrive close together into one transaction (SQLite commits
 * are the expensive part), and bounds what may wait. A write's promise settles after its
 * transaction committed, so the receiver acknowledges only what is on disk.
 */
export class StoreWriter {
  private readonly queue: PendingWrite[] = [];
  private queuedSpans = 0;
  private scheduled = false;
  private readonly maxQueuedSpans: number;
  private readonly maxSpansPerTransaction: number;

  constructor(
    private readonly store: SpanStore,
    private readonly options: StoreWriterOptions = {},
  ) {
    this.maxQueuedSpans = options.maxQueuedSpans ?? 50_000;
    this.maxSpansPerTransaction = options.maxSpansPerTransaction ?? 2_000;
  }

  /** Whether `spanCount` more spans fit in the queue now. */
  accepts(spanCount: number): boolean {
    return this.queuedSpans === 0 || this.queuedSpans + spanCount <= this.maxQueuedSpans;
  }

  /** Spans waiting to be written. */
  get pendingSpans(): number {
    return this.queuedSpans;
  }

  write(spans: readonly SpanRecord[], metricPoints: readonly MetricPointRecord[] = []): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ spans, metricPoints, resolve, reject });
      this.queuedSpans += spans.length;
      this.schedule();
    });
  }

  /** Writes everything still queued, now (for shutdown). */
  flush(): void {
    while (this.queue.length > 0) this.writeOneTransaction();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a timer: requests already read in this loop turn join the same transaction.
    setImmediate(() => {
      this.scheduled = false;
      this.writeOneTransaction();
      if (this.queue.length > 0) this.schedule();
    });
  }

  private writeOneTransaction(): void {
    const batch: PendingWrite[] = [];
    let spanCount = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as PendingWrite;
      if (batch.length > 0 && spanCount + next.spans.length > this.maxSpansPerTransaction) break;
      this.queue.shift();
      batch.push(next);
      spanCount += next.spans.length;
    }
    if (batch.length === 0) return;
    this.queuedSpans -= spanCount;
    let result: WriteResult;
    try {
      result = this.store.write(
        batch.flatMap((pending) => pending.spans),
        batch.flatMap((pending) => pending.metricPoints),
      );
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const pending of batch) pending.resolve(result);
    if (result.traceIds.length > 0) this.options.onStored?.(result.traceIds);
  }
}
