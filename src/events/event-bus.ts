import { diag } from '@opentelemetry/api';
import { type CompiledFilter, compileFilter, type EventFilter } from './event-filter';
import type { GenAIEvent, GenAIEventType } from './event-types';

/** A subscriber's function; may return a promise (the next event waits for it, others do not). */
export type EventHandler<E extends GenAIEvent = GenAIEvent> = (event: E) => void | Promise<void>;

/** Options of {@link onEvent} and the typed shortcuts. */
export interface SubscribeOptions {
  /**
   * Events waiting for this handler at most; beyond it new events are dropped for this handler
   * (and counted in {@link getEventStats}). Default 1000.
   */
  maxPending?: number;
  /**
   * How long an async handler may take before the next event is delivered anyway (the slow call
   * keeps running; it is counted as timed out). Default 30000 ms.
   */
  handlerTimeoutMs?: number;
}

/** Counters of the process-wide event delivery. */
export interface EventStats {
  /** Events published to at least one subscriber. */
  published: number;
  /** Handler calls that completed (sync return or settled promise). */
  delivered: number;
  /** Events dropped because a handler's pending queue or a stream's buffer was full. */
  dropped: number;
  /** Handlers that threw or rejected. */
  handlerErrors: number;
  /** Async handlers still running after `handlerTimeoutMs`. */
  handlerTimeouts: number;
  /** Current subscriptions (handlers and open streams). */
  subscriptions: number;
}

/** A synchronous in-process receiver (our streams); must not throw and must be cheap. */
export interface EventSink {
  filter: CompiledFilter;
  accept(event: GenAIEvent): void;
}

const DEFAULT_MAX_PENDING = 1000;
const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

/**
 * One handler's delivery: its own bounded queue, drained off the call path (setImmediate), one
 * event at a time, so a slow handler delays only itself and a throwing one loses only its event.
 */
class HandlerSubscription implements EventSink {
  private readonly queue: GenAIEvent[] = [];
  private draining = false;
  private reportedError = false;
  active = true;

  constructor(
    readonly filter: CompiledFilter,
    private readonly handler: EventHandler,
    private readonly maxPending: number,
    private readonly handlerTimeoutMs: number,
    private readonly bus: EventBus,
  ) {}

  accept(event: GenAIEvent): void {
    if (this.queue.length >= this.maxPending) {
      this.bus.stats.dropped++;
      return;
    }
    this.queue.push(event);
    if (!this.draining) {
      this.draining = true;
      this.bus.track(new Promise<void>((resolve) => setImmediate(() => this.drain().then(resolve, resolve))));
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.active && this.queue.length > 0) {
        const event = this.queue.shift() as GenAIEvent;
        await this.deliver(event);
      }
    } finally {
      this.queue.length = this.active ? this.queue.length : 0;
      this.draining = false;
    }
  }

  private async deliver(event: GenAIEvent): Promise<void> {
    let returned: unknown;
    try {
      returned = this.handler(event);
    } catch (error) {
      this.fail(event, error);
      return;
    }
    if (!isThenable(returned)) {
      this.bus.stats.delivered++;
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.handlerTimeoutMs);
      timer.unref?.();
    });
    try {
      const outcome = await Promise.race([Promise.resolve(returned).then(() => 'done' as const), timedOut]);
      if (outcome === 'timeout') {
        this.bus.stats.handlerTimeouts++;
        diag.debug(
          `genai-otel: an event handler took over ${this.handlerTimeoutMs} ms on ${event.type}; moving on`,
        );
        // Its eventual rejection must not become an unhandled rejection in the app.
        Promise.resolve(returned).catch((error: unknown) => this.fail(event, error));
      } else {
        this.bus.stats.delivered++;
      }
    } catch (error) {
      this.fail(event, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private fail(event: GenAIEvent, error: unknown): void {
    this.bus.stats.handlerErrors++;
    // The first failure is worth a warning; a handler failing on every event must not flood diag.
    if (!this.reportedError) {
      this.reportedError = true;
      diag.warn(`genai-otel: an event handler threw on ${event.type}; that event is skipped for it`, error);
    } else {
      diag.debug(`genai-otel: an event handler threw on ${event.type}`, error);
    }
  }
}

/** The process-wide event hub: span-derived events go in, subscriptions and streams get them. */
export class EventBus {
  private readonly sinks = new Set<EventSink>();
  private readonly inFlight = new Set<Promise<void>>();
  readonly stats: Omit<EventStats, 'subscriptions'> = {
    published: 0,
    delivered: 0,
    dropped: 0,
    handlerErrors: 0,
    handlerTimeouts: 0,
  };

  /** Whether anyone listens at all; publishers check this first so events cost nothing unused. */
  get hasSubscribers(): boolean {
    return this.sinks.size > 0;
  }

  get subscriptionCount(): number {
    return this.sinks.size;
  }

  /** Whether some subscriber wants this type (lets publishers skip building the event). */
  wants(type: GenAIEventType): boolean {
    for (const sink of this.sinks) if (sink.filter.wantsType(type)) return true;
    return false;
  }

  /** Hands the event to every subscriber whose filter matches. Never throws, never waits. */
  publish(event: GenAIEvent): void {
    let matched = false;
    for (const sink of this.sinks) {
      let matches = false;
      try {
        matches = sink.filter.matches(event);
      } catch (error) {
        diag.debug('genai-otel: an event filter threw; treating it as not matching', error);
      }
      if (!matches) continue;
      matched = true;
      try {
        sink.accept(event);
      } catch (error) {
        diag.error('genai-otel: failed to queue an event', error);
      }
    }
    if (matched) this.stats.published++;
  }

  subscribe(
    filter: EventFilter | undefined,
    handler: EventHandler,
    options: SubscribeOptions = {},
  ): () => void {
    const subscription = new HandlerSubscription(
      compileFilter(filter),
      handler,
      positiveInt(options.maxPending, DEFAULT_MAX_PENDING),
      positiveInt(options.handlerTimeoutMs, DEFAULT_HANDLER_TIMEOUT_MS),
      this,
    );
    this.sinks.add(subscription);
    return () => {
      subscription.active = false;
      this.sinks.delete(subscription);
    };
  }

  addSink(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => {
      this.sinks.delete(sink);
    };
  }

  track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Resolves when every event queued so far has been handed to its handlers (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}

const BUS_KEY = Symbol.for('genai-otel.event-bus.v1');
type GlobalWithBus = typeof globalThis & { [BUS_KEY]?: EventBus };

/** The one bus of the process, shared by every copy of genai-otel loaded (CJS and ESM). */
export function eventBus(): EventBus {
  const holder = globalThis as GlobalWithBus;
  holder[BUS_KEY] ??= new EventBus();
  return holder[BUS_KEY];
}

/** Delivery counters: published, delivered, dropped, handler errors and timeouts, subscriptions. */
export function getEventStats(): EventStats {
  const bus = eventBus();
  return { ...bus.stats, subscriptions: bus.subscriptionCount };
}

/**
 * Waits until every event published so far has been delivered to the handlers subscribed to it
 * (or dropped). Useful in tests and before a short-lived process exits.
 */
export function flushEvents(): Promise<void> {
  return eventBus().flush();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function positiveInt(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
