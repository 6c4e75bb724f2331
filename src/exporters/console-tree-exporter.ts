import { writeSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { formatTraceTree, type TreeFormatOptions } from './console-tree-format';

export interface ConsoleTreeExporterOptions {
  /** Where the text goes; by default written synchronously to stderr, so it also works at exit. */
  write?: (text: string) => void;
  format?: Partial<TreeFormatOptions>;
  /** Spans kept while waiting for their trace's root to end; the oldest trace is printed beyond it. */
  maxBufferedSpans?: number;
  /**
   * Whether a span of this process is still open. A span whose parent came from elsewhere (a worker
   * thread's top span, parented by the main thread's span through propagation) is held with its
   * trace while that parent is open here, so it prints inside its parent's tree.
   */
  isSpanOpenHere?: (spanId: string) => boolean;
}

/**
 * Prints each finished trace as a readable tree on stderr. Spans are held per trace until the
 * trace's local root ends (a span with no parent, or a parent in another process), so that the
 * tree is printed whole; spans that end after their root was printed follow as a continuation.
 */
export class ConsoleTreeExporter implements SpanExporter {
  private readonly pending = new Map<string, ReadableSpan[]>();
  private bufferedSpanCount = 0;
  private readonly write: (text: string) => void;
  private readonly format: TreeFormatOptions;
  private readonly maxBufferedSpans: number;
  private readonly isSpanOpenHere: (spanId: string) => boolean;

  constructor(options: ConsoleTreeExporterOptions = {}) {
    this.write = options.write ?? ((text) => writeSync(2, text));
    const terminal = process.stderr.isTTY === true;
    this.format = {
      width:
        options.format?.width ?? (terminal ? process.stderr.columns : undefined) ?? columnsFromEnv() ?? 80,
      color: options.format?.color ?? (terminal && process.env.NO_COLOR === undefined),
    };
    this.maxBufferedSpans = options.maxBufferedSpans ?? 10_000;
    this.isSpanOpenHere = options.isSpanOpenHere ?? (() => false);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      for (const span of spans) this.add(span);
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      diag.error('genai-otel: console exporter failed', error);
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  /** Prints the traces whose root has not ended yet, as they are. Synchronous. */
  forceFlush(): Promise<void> {
    for (const traceId of [...this.pending.keys()]) this.printTrace(traceId);
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }

  private add(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    const spans = this.pending.get(traceId) ?? [];
    spans.push(span);
    this.pending.set(traceId, spans);
    this.bufferedSpanCount++;
    const parent = span.parentSpanContext;
    const isLocalRoot =
      parent === undefined || (parent.isRemote === true && !this.isSpanOpenHere(parent.spanId));
    if (isLocalRoot) {
      this.printTrace(traceId);
    } else if (this.bufferedSpanCount > this.maxBufferedSpans) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.printTrace(oldest);
    }
  }

  private printTrace(traceId: string): void {
    const spans = this.pending.get(traceId);
    if (!spans) return;
    this.pending.delete(traceId);
    this.bufferedSpanCount -= spans.length;
    this.write(formatTraceTree(spans, this.format));
  }
}

/** `COLUMNS` (set by shells and CI runners) when stderr is not a terminal that knows its width. */
function columnsFromEnv(): number | undefined {
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns >= 20 ? columns : undefined;
}
