import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, context } from '@opentelemetry/api';
import type { AgentsSpanBridge } from './agents-span-bridge';
import type { AgentsContextStorage, AgentsContextStore } from './internal-types';

/** Where agents-core keeps its context storage, shared by every copy of the SDK (agents-core `tracing/context`). */
const SDK_STORAGE_KEY = Symbol.for('openai.agents.core.asyncLocalStorage');

/** Marks the storage we installed, so that no copy of genai-otel wraps it twice. */
const OURS = Symbol.for('genai-otel.openai-agents.context-storage');

type OurStorage = AgentsContextStorage & { [OURS]: true };

/**
 * An OpenTelemetry context that follows the SDK's current span. The SDK keeps its span tree in
 * its own AsyncLocalStorage and changes the current span by mutating the stored object
 * (`setCurrentSpan`), after the code has entered the context; so the span active in this context is
 * read from that object each time it is asked for: inside a tool function it is the tool's
 * `execute_tool` span, inside a model call the agent's `invoke_agent` span. Everything else comes
 * from the context that was active when the SDK entered its own (baggage, content settings …).
 * Contexts derived from it (`setValue`) are ordinary, fixed contexts.
 */
class AgentsAmbientContext implements Context {
  private resolvedFor: string | undefined;
  private resolved: Context | undefined;

  constructor(
    readonly base: Context,
    private readonly store: AgentsContextStore,
    private readonly bridge: AgentsSpanBridge,
  ) {}

  getValue(key: symbol): unknown {
    return this.current().getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.current().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.current().deleteValue(key);
  }

  private current(): Context {
    try {
      const store = this.store;
      const key = store.active === true ? (store.span?.spanId ?? store.trace?.traceId) : undefined;
      if (key === undefined) return this.base;
      if (key === this.resolvedFor && this.resolved !== undefined) return this.resolved;
      const resolved = this.bridge.contextOf(store, this.base);
      if (resolved === undefined) return this.base;
      this.resolvedFor = key;
      this.resolved = resolved;
      return resolved;
    } catch {
      return this.base;
    }
  }
}

/** The active OpenTelemetry context without the SDK's span following (what the SDK's context was entered from). */
export function plainActiveContext(): Context {
  const active = context.active();
  return active instanceof AgentsAmbientContext ? active.base : active;
}

/**
 * Makes the SDK's context storage also enter the OpenTelemetry context of the SDK's current span,
 * through the SDK's public `setTracingContextStorage`: every time the SDK runs code in a context of
 * its own (a run, a span's body), the code runs with an {@link AgentsAmbientContext} active too.
 * Wraps the storage already in use, so the SDK's state is kept. Installed once per process.
 */
export function installContextStorage(
  setTracingContextStorage: (storage: AgentsContextStorage | undefined) => void,
  bridge: AgentsSpanBridge,
): void {
  const holder = globalThis as unknown as Record<symbol, AgentsContextStorage | undefined>;
  const existing = holder[SDK_STORAGE_KEY];
  if (existing !== undefined && (existing as Partial<OurStorage>)[OURS] === true) return;
  const inner: AgentsContextStorage = existing ?? new AsyncLocalStorage<AgentsContextStore>();
  const storage: OurStorage = {
    [OURS]: true,
    getStore: () => inner.getStore(),
    enterWith: (store) => inner.enterWith(store),
    run: (store, fn) =>
      inner.run(store, () => {
        let ambient: Context;
        try {
          // Nested SDK contexts re-resolve from the outermost plain context, not through a chain.
          ambient = new AgentsAmbientContext(plainActiveContext(), store, bridge);
        } catch {
          return fn();
        }
        return context.with(ambient, fn);
      }),
  };
  setTracingContextStorage(storage);
}
