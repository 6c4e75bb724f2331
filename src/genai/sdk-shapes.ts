/**
 * The structural facts about Stainless-generated SDKs (`openai`, `@anthropic-ai/sdk`) that the
 * SDK-call follower relies on. Declared here rather than imported, so that no SDK becomes a
 * dependency and every version of each fits.
 */

/** `APIPromise`: a Promise subclass whose `then` parses lazily. */
export interface ApiPromiseLike<T = unknown> extends Promise<T> {
  /** A new APIPromise over the same response with a transformed parse. */
  _thenUnwrap?<U>(transform: (data: T, props: unknown) => U): ApiPromiseLike<U>;
  /** The raw `Response`, without parsing (and without consuming) its body. */
  asResponse?(): Promise<unknown>;
  /** What `asResponse()` derives from (settles when the response headers arrive, or fails). */
  responsePromise?: unknown;
  /** Turns the raw response into the data (`then`, `withResponse()` and derived promises call it). */
  parseResponse?: (...args: unknown[]) => unknown;
  /** Set once someone asked for the data (`then`, `withResponse()`): the parse is then under way. */
  parsedPromise?: unknown;
}

/** The SDK's `Stream`: iterates through its own `iterator` property (so does `tee()`). */
export interface SdkStreamLike {
  iterator: () => AsyncIterator<unknown>;
  controller?: { signal?: AbortSignal };
}

/** An API resource (`client.chat.completions`, `client.messages`, …): it knows its client. */
export interface ApiResourceLike {
  _client?: unknown;
}

/** A resource class whose prototype methods get patched. */
export interface ResourceClassLike {
  prototype: Record<string, unknown>;
}
