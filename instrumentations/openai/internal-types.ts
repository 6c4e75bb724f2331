/**
 * The few structural facts about the `openai` SDK (v4–v7) this instrumentation relies on beyond
 * the Stainless shapes every SDK shares (src/genai/sdk-shapes.ts). Declared here rather than
 * imported so that `openai` stays a dev dependency and every version fits.
 */
import type { ResourceClassLike } from '../../src/genai/sdk-shapes';

/** Enough of the `OpenAI` client for the instrumentation. */
export interface OpenAIClientLike {
  baseURL?: unknown;
  apiVersion?: unknown;
  constructor?: { name?: string };
}

/** The `OpenAI` class with the static resource classes used to reach their prototypes. */
export interface OpenAIClassLike {
  Chat?: { Completions?: ResourceClassLike };
  Responses?: ResourceClassLike;
  Embeddings?: ResourceClassLike;
  Completions?: ResourceClassLike;
}
