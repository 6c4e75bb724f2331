/**
 * The few structural facts about the `openai` SDK (v4–v7) this instrumentation relies on. Declared
 * here rather than imported so that `openai` stays a dev dependency and every version fits.
 */

/** `APIPromise`: a Promise subclass whose `then` parses lazily. */
export interface ApiPromiseLike<T = unknown> extends Promise<T> {
  /** Present in v4–v7: a new APIPromise over the same response with a transformed parse. */
  _thenUnwrap?<U>(transform: (data: T, props: unknown) => U): ApiPromiseLike<U>;
  /** The raw `Response`, without parsing (and without consuming) its body. */
  asResponse?(): Promise<unknown>;
  /** v4–v7: what `asResponse()` derives from (settles when the response headers arrive, or fails). */
  responsePromise?: unknown;
}

/** The SDK's `Stream`: iterates through its own `iterator` property (so does `tee()`). */
export interface SdkStreamLike {
  iterator: () => AsyncIterator<unknown>;
  controller?: { signal?: AbortSignal };
}

/** Enough of the `OpenAI` client for the instrumentation. */
export interface OpenAIClientLike {
  baseURL?: unknown;
  apiVersion?: unknown;
  constructor?: { name?: string };
}

/** An API resource (`client.chat.completions`, `client.responses`, …). */
export interface ApiResourceLike {
  _client?: OpenAIClientLike;
}

/** A resource class whose prototype methods get patched. */
export interface ResourceClassLike {
  prototype: Record<string, unknown>;
}

/** The `OpenAI` class with the static resource classes used to reach their prototypes. */
export interface OpenAIClassLike {
  Chat?: { Completions?: ResourceClassLike };
  Responses?: ResourceClassLike;
  Embeddings?: ResourceClassLike;
  Completions?: ResourceClassLike;
}
