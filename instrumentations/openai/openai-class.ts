import type { OpenAIClassLike } from './internal-types';

/**
 * The `OpenAI` class from whatever the caller or a module hook has: the CJS exports (v4 exports
 * the class itself, v5+ an object-like function with `OpenAI` and `default`), an ESM namespace
 * (`Symbol.toStringTag === 'Module'`, class on `default`/`OpenAI`), or the class (or `AzureOpenAI`,
 * which inherits the static resource classes) directly.
 */
export function openAIClassOf(target: unknown): OpenAIClassLike | undefined {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const candidates = target as Record<string | symbol, unknown>;
  const namespace =
    candidates[Symbol.toStringTag] === 'Module'
      ? (candidates.default as Record<string, unknown> | undefined)
      : candidates;
  for (const candidate of [namespace?.OpenAI, namespace, candidates.OpenAI, candidates.default]) {
    if (looksLikeOpenAIClass(candidate)) return candidate;
  }
  return undefined;
}

function looksLikeOpenAIClass(value: unknown): value is OpenAIClassLike {
  if (typeof value !== 'function') return false;
  const OpenAI = value as OpenAIClassLike;
  return typeof OpenAI.Chat === 'function' || typeof OpenAI.Embeddings === 'function';
}
