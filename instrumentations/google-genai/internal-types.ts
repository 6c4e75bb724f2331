/**
 * The few structural facts about `@google/genai` (1.x–3.x) this instrumentation relies on. Declared
 * here rather than imported so that the SDK stays a dev dependency and every version fits.
 */
import type { ResourceClassLike } from '../../src/genai/sdk-shapes';

/** The SDK's `ApiClient` (a `Models` instance's `apiClient`), read only through its getters. */
export interface GoogleApiClientLike {
  isVertexAI?(): boolean;
  /** The client's effective base URL: `httpOptions.baseUrl`, else the Gemini or Vertex host. */
  getBaseUrl?(): string;
}

/** A `Models` instance: `ai.models`, which `ai.chats` sessions also call. */
export interface ModelsLike {
  apiClient?: GoogleApiClientLike;
}

/** The module's exports (CJS) or namespace (ESM): `Models` holds the patched prototype methods. */
export interface GoogleGenAIModuleLike {
  Models: ResourceClassLike;
}
