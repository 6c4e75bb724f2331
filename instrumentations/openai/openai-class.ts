import { sdkClassOf } from '../../src/genai/sdk-class';
import type { OpenAIClassLike } from './internal-types';

/**
 * The `OpenAI` class from whatever the caller or a module hook has: the CJS exports (v4 exports
 * the class itself, v5+ an object-like function with `OpenAI` and `default`), an ESM namespace
 * (class on `default`/`OpenAI`), or the class (or `AzureOpenAI`, which inherits the static
 * resource classes) directly.
 */
export function openAIClassOf(target: unknown): OpenAIClassLike | undefined {
  return sdkClassOf<OpenAIClassLike>(
    target,
    'OpenAI',
    (OpenAI) => typeof OpenAI.Chat === 'function' || typeof OpenAI.Embeddings === 'function',
  );
}
