import { diag } from '@opentelemetry/api';
import { eventBus } from './event-bus';
import { compileFilter, type EventFilter } from './event-filter';
import type { GenAIEvent } from './event-types';

/** Options of {@link events}. */
export interface EventStreamOptions {
  /** Which events; default all but `llm.token` (see {@link EventFilter}). */
  filter?: EventFilter;
  /**
   * Events buffered for a consumer that reads slower than they come. When full, the **oldest**
   * buffered event is dropped (a live view wants the newest), and the consumer next receives an
   * `events.dropped` notice with the count before the events that follow. Default 1000.
   */
  bufferSize?: number;
  /** Closes the stream (the iteration ends) when aborted, e.g. when the HTTP client goes away. */
  signal?: AbortSignal;
}

/** Yielded before the next event when a slow consumer lost events (oldest first) to a full buffer. */
export interface EventsDroppedNotice {
  type: 'events.dropped';
  /** Events dropped since the previous notice. */
  dropped: number;
  time: number;
}

/** What {@link events} returns: an async iterable of JSON-safe events for one consumer. */
export interface EventStream extends AsyncIterableIterator<GenAIEvent | EventsDroppedNotice> {
  /**
   * Events dropped so far: lost to a full buffer because the consumer was slow, or still buffered
   * when the stream was closed.
   */
  readonly dropped: number;
  /**
   * Stops the stream: pending and later `next()` calls finish the iteration; events still buffered
   * are discarded and counted in {@link dropped}.
   */
  close(): void;
}

const DEFAULT_BUFFER_SIZE = 1000;

/**
 * A live stream of GenAI events, ready to send to a browser: every item is a plain JSON-safe
 * object (`JSON.stringify` it; non-ASCII text is kept as is). Subscribes when called, unsubscribes
 * when the loop ends — `break`, `return()`, an exception in the loop body, `close()` or the
 * `signal` — so an abandoned request leaves nothing behind. Telemetry never waits for the
 * consumer: a slow one loses the oldest events (see {@link EventStreamOptions.bufferSize}).
 *
 * @example
 * // Server-sent events with node:http
 * res.writeHead(200, { 'content-type': 'text/event-stream' });
 * const abort = new AbortController();
 * req.on('close', () => abort.abort());
 * for await (const event of events({ filter: ['llm.*', 'tool.*', 'agent.*'], signal: abort.signal })) {
 *   res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
 * }
 */
export function events(options: EventStreamOptions = {}): EventStream {
  return new LiveEventStream(options);
}

class LiveEventStream implements EventStream {
  private readonly buffer: GenAIEvent[] = [];
  private readonly bufferSize: number;
  /** Pending `next()` calls, oldest first (for-await has at most one). */
  private readonly waiting: Array<(result: IteratorResult<GenAIEvent | EventsDroppedNotice>) => void> = [];
  private droppedTotal = 0;
  private droppedSinceNotice = 0;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly onAbort = () => this.close();

  constructor(private readonly options: EventStreamOptions) {
    const size = options.bufferSize;
    this.bufferSize =
      typeof size === 'number' && Number.isFinite(size) && size >= 1 ? Math.floor(size) : DEFAULT_BUFFER_SIZE;
    let filter: ReturnType<typeof compileFilter>;
    try {
      filter = compileFilter(options.filter);
    } catch (error) {
      diag.warn('genai-otel: events() got an invalid filter; the stream is empty', error);
      this.closed = true;
      this.unsubscribe = () => {};
      return;
    }
    this.unsubscribe = eventBus().addSink({ filter, accept: (event) => this.accept(event) });
    if (options.signal?.aborted) this.close();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get dropped(): number {
    return this.droppedTotal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<GenAIEvent | EventsDroppedNotice>> {
    if (this.droppedSinceNotice > 0) {
      const notice: EventsDroppedNotice = {
        type: 'events.dropped',
        dropped: this.droppedSinceNotice,
        time: Date.now(),
      };
      this.droppedSinceNotice = 0;
      return Promise.resolve({ done: false, value: notice });
    }
    const event = this.buffer.shift();
    if (event !== undefined) return Promise.resolve({ done: false, value: event });
    if (this.closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => {
      this.waiting.push(resolve);
    });
  }

  return(): Promise<IteratorResult<GenAIEvent | EventsDroppedNotice>> {
    this.close();
    return Promise.resolve({ done: true, value: undefined });
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.unsubscribe();
      this.options.signal?.removeEventListener('abort', this.onAbort);
      // Events still buffered are never delivered: they count as dropped, like those a full buffer loses.
      this.droppedTotal += this.buffer.length;
      eventBus().stats.dropped += this.buffer.length;
      this.buffer.length = 0;
      this.droppedSinceNotice = 0;
    }
    for (const resolve of this.waiting.splice(0)) resolve({ done: true, value: undefined });
  }

  private accept(event: GenAIEvent): void {
    if (this.closed) return;
    const waiting = this.waiting.shift();
    if (waiting !== undefined) {
      waiting({ done: false, value: event });
      return;
    }
    if (this.buffer.length >= this.bufferSize) {
      this.buffer.shift();
      this.droppedTotal++;
      this.droppedSinceNotice++;
      eventBus().stats.dropped++;
    }
    this.buffer.push(event);
  }
}
