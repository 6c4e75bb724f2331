/** One piece of content leaving the span for a {@link ContentStore}. */
export interface OffloadedContent {
  /** The bytes: decoded base64 for media, UTF-8 for text. */
  data: Uint8Array;
  /** e.g. `image/png`, `text/plain; charset=utf-8`; `application/octet-stream` when unknown. */
  mimeType: string;
  /** The part's modality: `image`, `audio`, `video`, `document` or `text`. */
  modality: string;
  /**
   * SHA-256 of `data`, lowercase hex: a stable name, so the same image sent in a hundred calls is
   * stored once.
   */
  digest: string;
}

/**
 * Where large or binary content goes instead of the span (see `contentOffload` of `register()`):
 * the span's part then carries the returned `uri`. genai-otel has a filesystem store built in
 * ({@link FileSystemContentStore}); implement this for object storage or anything else.
 *
 * `store` runs on the path that records a model call, so it must return at once: derive the URI
 * (e.g. `s3://bucket/<digest>`), start the upload, and return. `flush` is awaited at shutdown and
 * `forceFlush()`. A throwing `store` costs only that part: it is elided as before, and the error
 * goes to OpenTelemetry's `diag`.
 *
 * @example
 * const uploads = new Set<Promise<unknown>>();
 * const s3Store: ContentStore = {
 *   store(content) {
 *     const key = `genai/${content.digest}`;
 *     const upload = s3.putObject({ Bucket: 'traces', Key: key, Body: content.data, ContentType: content.mimeType });
 *     uploads.add(upload);
 *     upload.finally(() => uploads.delete(upload));
 *     return `s3://traces/${key}`;
 *   },
 *   flush: async () => void (await Promise.allSettled(uploads)),
 * };
 * register({ contentOffload: { store: s3Store } });
 */
export interface ContentStore {
  /** Stores `content` (asynchronously if need be) and returns the URI it is or will be readable at. */
  store(content: OffloadedContent): string;
  /** Resolves when everything stored so far is durable. */
  flush?(): Promise<void>;
}
