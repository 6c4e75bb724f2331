import { ATTR_STREAM_ABANDONED, ATTR_STREAM_CANCELLED, ATTR_STREAM_ITEM_COUNT } from '../genai/semconv';
import type { ManualSpan } from './traced-span';

/** Items kept for the recorded output of one stream; the rest are counted, not stored. */
const MAX_COLLECTED_ITEMS = 10_000;

type Reducer = (items: unknown[]) => unknown;

/**
 * Ends one manual span exactly once, however its work finishes: a returned value, a thrown
 * error, or the end, cancellation, failure or abandonment of a returned stream. Collects stream
 * items for the recorded output only while the output is being captured.
 */
export class SpanCompletion {
  private finished = false;
  private streaming = false;
  private observesItems = true;
  private itemCount = 0;
  private readonly items: unknown[] = [];

  constructor(
    readonly span: ManualSpan,
    private readonly reducer: Reducer | undefined,
  ) {}

  get isFinished(): boolean {
    return this.finished || this.span.isEnded;
  }

  /**
   * Marks the span as following a stream, so its output is the reduced items; `observesItems`
   * false for streams whose items cannot be seen (no output or count is recorded then).
   */
  beginStream(observesItems = true): void {
    this.streaming = true;
    this.observesItems = observesItems;
  }

  addItem(item: unknown): void {
    if (this.isFinished) return;
    this.itemCount++;
    if (this.span.wantsOutput && this.items.length < MAX_COLLECTED_ITEMS) this.items.push(item);
  }

  /** The work finished normally with `value` (for a stream: its return value, if any). */
  succeed(value?: unknown): void {
    this.finish(() => {
      this.recordOutput(value);
    });
  }

  /** The consumer stopped the stream early; record what was seen. */
  cancel(): void {
    this.finish(() => {
      this.span.setAttribute(ATTR_STREAM_CANCELLED, true);
      this.recordOutput(undefined);
    });
  }

  /** The stream was dropped without being read to the end or cancelled. */
  abandon(): void {
    this.finish(() => {
      this.span.setAttribute(ATTR_STREAM_ABANDONED, true);
      this.recordOutput(undefined);
    });
  }

  fail(error: unknown): void {
    this.finish(
      () => {
        if (this.streaming) this.recordOutput(undefined);
      },
      { error },
    );
  }

  private recordOutput(value: unknown): void {
    if (!this.streaming) {
      this.span.recordReturnValue(value);
      return;
    }
    if (!this.observesItems) return;
    this.span.setAttribute(ATTR_STREAM_ITEM_COUNT, this.itemCount);
    if (!this.span.wantsOutput) return;
    // A generator that yields nothing but returns a value produced that value.
    if (this.itemCount === 0 && value !== undefined) {
      this.span.recordReturnValue(value);
      return;
    }
    this.span.recordReturnValue((this.reducer ?? defaultReducer)(this.items));
  }

  private finish(record: () => void, failure?: { error: unknown }): void {
    if (this.finished) return;
    this.finished = true;
    abandonmentWatch.unregister(this);
    if (this.span.isEnded) return;
    try {
      record();
    } catch {
      // A throwing outputReducer (user code) must not keep the span open.
    }
    if (failure) this.span.endWithError(failure.error);
    else this.span.end();
  }

  /** Ends the span as abandoned if `stream` is garbage-collected before the span finished. */
  watch(stream: object): void {
    abandonmentWatch.register(stream, this, this);
  }
}

/**
 * A returned generator that nobody iterates would otherwise keep its span open forever; once the
 * generator is collected the span is ended and marked abandoned. The registry holds the
 * completion, never the stream, so the stream can be collected.
 */
const abandonmentWatch = new FinalizationRegistry<SpanCompletion>((completion) => completion.abandon());

/** Strings and text bytes are joined (a streamed answer reads as one text); anything else stays a list. */
export function defaultReducer(items: unknown[]): unknown {
  if (items.length > 0 && items.every((item) => typeof item === 'string')) return items.join('');
  if (items.length > 0 && items.every((item) => item instanceof Uint8Array)) {
    const decoder = new TextDecoder();
    return (
      items.map((chunk) => decoder.decode(chunk as Uint8Array, { stream: true })).join('') + decoder.decode()
    );
  }
  return items;
}
