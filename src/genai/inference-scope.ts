import { type Context, createContextKey } from '@opentelemetry/api';

const INFERENCE_SCOPE_KEY = createContextKey('genai-otel.framework-inference-scope');

/**
 * One model call made through a framework (a LangChain chat model's `invoke`/`stream`) whose
 * framework-level span is the call's inference span. The framework opens the scope around the
 * call before its callbacks have said which run it is; the callback handler claims it once the run's
 * span exists. Provider instrumentations (openai) that see a claimed scope do not start a second
 * inference span for the same call: they run the SDK call under the framework's span instead.
 */
export class InferenceScope {
  /** Whether the framework call streams its answer (e.g. LangChain's `stream()`). */
  readonly streaming: boolean;
  private claims = 0;
  private providerCalls = 0;
  private spanContext: (() => Context | undefined) | undefined;
  private onConsumerStop: (() => void) | undefined;

  constructor(streaming = false) {
    this.streaming = streaming;
  }

  /**
   * Records that the framework's inference span for this call is `spanContext` (read lazily);
   * `onConsumerStop` ends it if the caller stops reading a streamed answer early, after which
   * the framework reports nothing more.
   */
  claim(spanContext: () => Context | undefined, onConsumerStop?: () => void): void {
    this.claims++;
    this.spanContext = spanContext;
    this.onConsumerStop = onConsumerStop;
  }

  /** A provider instrumentation traced a call in this unclaimed scope with its own inference span. */
  noteProviderCall(): void {
    this.providerCalls++;
  }

  /** How many calls in this scope a provider instrumentation traced itself (a framework then records none). */
  get providerCallCount(): number {
    return this.providerCalls;
  }

  /** The caller stopped reading the streamed answer (`break`, `return()`); never throws. */
  consumerStopped(): void {
    if (this.claims !== 1) return;
    try {
      this.onConsumerStop?.();
    } catch {
      // The claimant guards its own callback; nothing of ours may reach the caller's loop.
    }
  }

  /**
   * The context to run the provider call in when exactly one framework inference span claimed the
   * scope; undefined otherwise (no claim, or a batch of several runs we cannot tell apart).
   */
  claimedContext(fallback: Context): Context | undefined {
    if (this.claims !== 1) return undefined;
    return this.spanContext?.() ?? fallback;
  }
}

/** Returns `ctx` with a fresh scope for one framework model call. */
export function openInferenceScope(
  ctx: Context,
  streaming = false,
): { context: Context; scope: InferenceScope } {
  const scope = new InferenceScope(streaming);
  return { context: ctx.setValue(INFERENCE_SCOPE_KEY, scope), scope };
}

/** Returns `ctx` with `scope` as its model-call scope (a scope that outlives one context, e.g. per SDK span). */
export function withInferenceScope(ctx: Context, scope: InferenceScope): Context {
  return ctx.setValue(INFERENCE_SCOPE_KEY, scope);
}

/** The innermost framework model-call scope of `ctx`, if any. */
export function getInferenceScope(ctx: Context): InferenceScope | undefined {
  const value = ctx.getValue(INFERENCE_SCOPE_KEY);
  return value instanceof InferenceScope ? value : undefined;
}

/**
 * For provider instrumentations: the context to run the SDK call in, untraced, because a framework
 * inference span for this very call is already open (docs/langchain.md); undefined to trace as usual.
 */
export function claimedInferenceContext(ctx: Context): Context | undefined {
  return getInferenceScope(ctx)?.claimedContext(ctx);
}
