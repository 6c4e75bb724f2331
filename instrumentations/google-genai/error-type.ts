/**
 * `error.type` for `@google/genai` errors: the HTTP status of an `ApiError` (`429`, `503`; the SDK
 * has one error class for every API failure, so its name says nothing), the `name` of a
 * `DOMException` (`AbortError` for an `abortSignal`, `TimeoutError`); undefined (the class name)
 * for anything else, e.g. `TypeError` when the connection fails.
 */
export function googleGenAIErrorType(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const status = (error as { status?: unknown }).status;
  if (error.name === 'ApiError' && typeof status === 'number') return String(status);
  if (error.constructor?.name === 'DOMException' && error.name !== 'Error') return error.name;
  return undefined;
}
