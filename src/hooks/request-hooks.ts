import { diag, type Span } from '@opentelemetry/api';

/** What a hook learns about the call besides its parameters. */
export interface RequestInfo {
  /** `gen_ai.provider.name`, e.g. `openai`. */
  provider: string;
  /** The instrumented method, e.g. `chat.completions.create`. */
  method: string;
  /** The instrumentation, e.g. `openai`. */
  instrumentation: string;
}

/** What {@link AfterResponseHook} learns about the call. */
export interface ResponseInfo extends RequestInfo {
  /** True for streamed calls; the hook then runs when the stream ends and `result` is undefined. */
  stream: boolean;
}

/**
 * Sees (and may change) a request before it is sent: return new parameters, or change the object
 * in place and return nothing. Runs synchronously, before the span starts, so the span describes
 * the request as sent. A promise returned is ignored (with a `diag` warning).
 */
export type BeforeRequestHook = (
  params: Record<string, unknown>,
  info: RequestInfo,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only mutates in place returns nothing
) => Record<string, unknown> | undefined | void;

/** Sees the response and may add attributes to the span (which has not ended yet). */
export type AfterResponseHook = (result: unknown, span: Span, info: ResponseInfo) => void;

/** Request/response hooks, as given to `register({ hooks })` or {@link addRequestHooks}. */
export interface RequestHooks {
  beforeRequest?: BeforeRequestHook | BeforeRequestHook[];
  afterResponse?: AfterResponseHook | AfterResponseHook[];
}

interface HookRegistry {
  before: BeforeRequestHook[];
  after: AfterResponseHook[];
}

const HOOKS_KEY = Symbol.for('genai-otel.request-hooks.v1');
type GlobalWithHooks = typeof globalThis & { [HOOKS_KEY]?: HookRegistry };

function registry(): HookRegistry {
  const holder = globalThis as GlobalWithHooks;
  holder[HOOKS_KEY] ??= { before: [], after: [] };
  return holder[HOOKS_KEY];
}

/**
 * Adds request/response hooks for every instrumented call (all instrumentations that support
 * them; OpenAI today). Hooks run in the order added. A hook that throws is reported to `diag`
 * and skipped: the call goes on with the parameters as they were before that hook. Returns a
 * function that removes these hooks.
 *
 * @example
 * addRequestHooks({
 *   beforeRequest: (params, info) =>
 *     params.stream ? { ...params, stream_options: { ...(params.stream_options as object), include_usage: true } } : undefined,
 *   afterResponse: (result, span) => span.setAttribute('app.cached', (result as any)?.usage?.prompt_tokens_details?.cached_tokens > 0),
 * });
 */
export function addRequestHooks(hooks: RequestHooks): () => void {
  const before = toList(hooks.beforeRequest);
  const after = toList(hooks.afterResponse);
  const hookRegistry = registry();
  hookRegistry.before.push(...before);
  hookRegistry.after.push(...after);
  return () => {
    hookRegistry.before = hookRegistry.before.filter((hook) => !before.includes(hook));
    hookRegistry.after = hookRegistry.after.filter((hook) => !after.includes(hook));
  };
}

/** Removes every request/response hook (tests, shutdown). */
export function clearRequestHooks(): void {
  const hookRegistry = registry();
  hookRegistry.before = [];
  hookRegistry.after = [];
}

/** Whether any before-request hook is installed (instrumentations skip the work otherwise). */
export function hasBeforeRequestHooks(): boolean {
  return registry().before.length > 0;
}

export function hasAfterResponseHooks(): boolean {
  return registry().after.length > 0;
}

/**
 * Runs the before-request hooks in order; each sees the previous one's parameters. Returns the
 * parameters to send (the same object when no hook replaced it). Never throws.
 */
export function runBeforeRequestHooks(
  params: Record<string, unknown>,
  info: RequestInfo,
): Record<string, unknown> {
  let current = params;
  for (const hook of registry().before) {
    try {
      const returned = hook(current, info);
      if (returned === undefined || returned === null) continue;
      if (typeof (returned as { then?: unknown }).then === 'function') {
        diag.warn(
          `genai-otel: a beforeRequest hook returned a promise for ${info.method}; hooks must be synchronous, its result is ignored`,
        );
        reportRejection(returned, `genai-otel: a beforeRequest hook rejected for ${info.method}`);
        continue;
      }
      if (typeof returned === 'object') current = returned;
    } catch (error) {
      diag.error(`genai-otel: a beforeRequest hook threw for ${info.method}; it is skipped`, error);
    }
  }
  return current;
}

/** Runs the after-response hooks in order; a throwing one is reported to `diag` and skipped. */
export function runAfterResponseHooks(result: unknown, span: Span, info: ResponseInfo): void {
  for (const hook of registry().after) {
    try {
      reportRejection(
        hook(result, span, info),
        `genai-otel: an afterResponse hook rejected for ${info.method}`,
      );
    } catch (error) {
      diag.error(`genai-otel: an afterResponse hook threw for ${info.method}; it is skipped`, error);
    }
  }
}

function toList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((hook) => typeof hook === 'function');
}

/** An async hook's rejection must not become an unhandled rejection (which can end the app). */
function reportRejection(returned: unknown, message: string): void {
  if (returned === null || typeof (returned as { then?: unknown } | undefined)?.then !== 'function') return;
  Promise.resolve(returned).catch((error: unknown) => diag.error(message, error));
}
