import { GENAI_OTEL_HANDLER_NAME } from './callback-handler';
import type { CallbackManagerLike } from './internal-types';

/** Whether `handler` is a genai-otel handler (ours, or one the user passed explicitly). */
export function isGenAIOtelHandler(handler: unknown): boolean {
  return (handler as { name?: unknown } | null | undefined)?.name === GENAI_OTEL_HANDLER_NAME;
}

function holdsOurs(handlers: unknown): boolean {
  if (handlers === undefined || handlers === null) return false;
  if (Array.isArray(handlers)) return handlers.some(isGenAIOtelHandler);
  const manager = handlers as CallbackManagerLike;
  return (manager.handlers ?? []).some(isGenAIOtelHandler);
}

/**
 * The `inheritableHandlers` argument of `CallbackManager._configureSync` with our handler added as
 * an inheritable one, so that every run and its children report to it. Never adds a second
 * genai-otel handler (the user may have passed one explicitly, locally or inherited) and never
 * mutates the caller's array.
 */
export function withOurHandler(inheritable: unknown, local: unknown, handler: unknown): unknown {
  if (holdsOurs(inheritable) || holdsOurs(local)) return inheritable;
  if (inheritable === undefined || inheritable === null) return [handler];
  if (Array.isArray(inheritable)) return [...inheritable, handler];
  const manager = inheritable as CallbackManagerLike;
  // A manager passed as the parent: LangChain copies it before use; adding to it is what an
  // inheritable handler set on it by the user would look like.
  if (typeof manager.addHandler === 'function') manager.addHandler(handler, true);
  return inheritable;
}
