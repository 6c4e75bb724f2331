import type { GoogleGenAIModuleLike } from './internal-types';

/**
 * The `@google/genai` module from whatever the caller or a module hook has: the CJS exports, an
 * ESM namespace, or an object holding the `Models` class. The SDK's public methods are instance
 * fields set in the `Models` constructor, so the module (which exports `Models`) is the way in,
 * not the `GoogleGenAI` class.
 */
export function googleGenAIModuleOf(target: unknown): GoogleGenAIModuleLike | undefined {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const candidates = target as Record<string | symbol, unknown>;
  for (const candidate of [candidates, candidates.default as Record<string, unknown> | undefined]) {
    const Models = candidate?.Models;
    if (typeof Models !== 'function') continue;
    const prototype = (Models as { prototype?: Record<string, unknown> }).prototype;
    if (typeof prototype?.generateContentInternal === 'function')
      return candidate as unknown as GoogleGenAIModuleLike;
  }
  return undefined;
}
