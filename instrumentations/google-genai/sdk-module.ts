import type { ResourceClassLike } from '../../src/genai/sdk-shapes';
import type { GoogleGenAIModuleLike } from './internal-types';

/**
 * The `@google/genai` module from whatever the caller or a module hook has: the CJS exports or an
 * ESM namespace (both export `Models`), or a `GoogleGenAI` client (whose `models` is a `Models`
 * instance). The SDK's public methods are instance fields set in the `Models` constructor, so the
 * `Models` class is the way in; the `GoogleGenAI` class itself does not lead to it.
 */
export function googleGenAIModuleOf(target: unknown): GoogleGenAIModuleLike | undefined {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const candidates = target as Record<string | symbol, unknown>;
  for (const candidate of [candidates, candidates.default as Record<string, unknown> | undefined]) {
    if (isModelsClass(candidate?.Models)) return candidate as unknown as GoogleGenAIModuleLike;
  }
  const models = candidates.models;
  if (typeof models === 'object' && models !== null) {
    const Models = Object.getPrototypeOf(models)?.constructor;
    if (isModelsClass(Models)) return { Models };
  }
  return undefined;
}

function isModelsClass(value: unknown): value is ResourceClassLike {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: Record<string, unknown> }).prototype;
  return typeof prototype?.generateContentInternal === 'function';
}
