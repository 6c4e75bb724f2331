import { ERROR_TYPE_VALUE_OTHER } from './semconv';

/**
 * A low-cardinality `error.type` for a thrown value: the error class name (`RateLimitError`,
 * `APIConnectionTimeoutError`, `AbortError`), which is what users search for and what the SDKs
 * document; `_OTHER` when there is none.
 */
export function errorTypeOf(error: unknown): string {
  try {
    if (error instanceof Error) {
      const ctorName = error.constructor?.name;
      if (ctorName && ctorName !== 'Error') return ctorName;
      if (error.name && error.name !== 'Error') return error.name;
      return 'Error';
    }
  } catch {
    // A hostile getter on a thrown object must not escape the instrumentation.
  }
  return ERROR_TYPE_VALUE_OTHER;
}
