import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { errorTypeOf } from '../genai/error-type';
import { ATTR_ERROR_TYPE } from '../genai/semconv';

/**
 * Records a failure the way the conventions ask: an `exception` event, status ERROR with the
 * message, and a low-cardinality `error.type` (the error's class name, else `_OTHER`), decided
 * by the same rule the instrumentations use.
 */
export function recordError(span: Span, error: unknown): void {
  try {
    if (error instanceof Error || typeof error === 'string') span.recordException(error);
    else span.recordException({ message: describeThrown(error) });
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    span.setAttribute(ATTR_ERROR_TYPE, errorTypeOf(error));
  } catch {
    // A hostile thrown value (throwing getters) must not replace the user's exception.
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return describeThrown(error);
}

function describeThrown(error: unknown): string {
  try {
    return typeof error === 'string' ? error : String(error);
  } catch {
    return 'unprintable thrown value';
  }
}
