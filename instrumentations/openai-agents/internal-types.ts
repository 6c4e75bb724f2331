/**
 * The shapes of `@openai/agents-core` that the instrumentation reads, as far as it reads them
 * (structural, so no runtime import of the SDK; checked against 0.20).
 */

/** The SDK's span data: `type` plus per-type fields (agent, function, handoff …). */
export interface AgentsSpanData {
  type: string;
  [field: string]: unknown;
}

/** An SDK span (`Span` of agents-core's tracing); clones share `spanId`. */
export interface AgentsSpan {
  readonly spanId: string;
  readonly traceId: string;
  readonly parentId: string | null;
  readonly spanData: AgentsSpanData;
  readonly error: { message: string; data?: Record<string, unknown> } | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
}

/** An SDK trace: one workflow (a `run()`, or several inside `withTrace`). */
export interface AgentsTrace {
  readonly traceId: string;
  readonly name: string;
  readonly groupId?: string | null;
  readonly metadata?: Record<string, unknown>;
}

/** What the SDK keeps in its async-local storage while code runs under a trace or span. */
export interface AgentsContextStore {
  trace?: AgentsTrace;
  span?: AgentsSpan;
  active?: boolean;
}

/** The context storage the SDK accepts in `setTracingContextStorage` (an AsyncLocalStorage). */
export interface AgentsContextStorage {
  getStore(): AgentsContextStore | undefined;
  run<R>(store: AgentsContextStore, fn: () => R): R;
  enterWith(store: AgentsContextStore | undefined): void;
}

/** The SDK's `TracingProcessor` interface. */
export interface AgentsTracingProcessor {
  start?(): void;
  onTraceStart(trace: AgentsTrace): Promise<void>;
  onTraceEnd(trace: AgentsTrace): Promise<void>;
  onSpanStart(span: AgentsSpan): Promise<void>;
  onSpanEnd(span: AgentsSpan): Promise<void>;
  shutdown(timeout?: number): Promise<void>;
  forceFlush(): Promise<void>;
}

/** The SDK's global `TraceProvider`, as far as we use it. */
export interface AgentsTraceProvider {
  registerProcessor(processor: AgentsTracingProcessor): void;
  setProcessors(processors: AgentsTracingProcessor[]): void;
}

/** What we use of the `@openai/agents-core` module. */
export interface AgentsCoreModule {
  getGlobalTraceProvider?: () => AgentsTraceProvider;
  setTracingContextStorage?: (storage: AgentsContextStorage | undefined) => void;
}
