import { type Context, context, diag } from '@opentelemetry/api';
import type { SpanCompletion } from './span-completion';

export function isReadableStream(value: object): value is ReadableStream<unknown> {
  if (typeof ReadableStream !== 'undefined' && value instanceof ReadableStream) return true;
  const candidate = value as Partial<ReadableStream>;
  return (
    typeof candidate.getReader === 'function' &&
    typeof candidate.pipeTo === 'function' &&
    'locked' in candidate
  );
}

export function isResponse(value: object): value is Response {
  return typeof Response !== 'undefined' && value instanceof Response;
}

/**
 * Returns a new `ReadableStream` that reads `source` on demand and ends the span when the
 * consumer reaches the end, cancels, or reading fails. It pulls only when the consumer asks
 * (high-water mark 0), so the span never ends before the consumer has seen the last chunk.
 * A stream cannot be observed in place, hence the new object; it is a default (not byte)
 * stream, so `getReader({ mode: 'byob' })` is not available on it.
 */
export function followReadableStream<T>(
  source: ReadableStream<T>,
  completion: SpanCompletion,
  spanContext: Context,
): ReadableStream<T> {
  completion.beginStream();
  let reader: ReadableStreamDefaultReader<T> | undefined;
  const followed = new ReadableStream<T>(
    {
      async pull(controller) {
        try {
          reader ??= source.getReader();
          const activeReader = reader;
          const { done, value } = await context.with(spanContext, () => activeReader.read());
          if (done) {
            controller.close();
            completion.succeed();
            return;
          }
          completion.addItem(value);
          controller.enqueue(value);
        } catch (error) {
          completion.fail(error);
          controller.error(error);
        }
      },
      async cancel(reason) {
        completion.cancel();
        await (reader ? reader.cancel(reason) : source.cancel(reason));
      },
    },
    { highWaterMark: 0 },
  );
  completion.watch(followed);
  return followed;
}

/**
 * Returns a `Response` equal to `response` (status, status text, headers, and `url`,
 * `redirected` and `type` copied as own properties) whose body is followed, so the span ends
 * when the body has been read (`text()`, `json()`, a reader …), cancelled, or fails. Responses
 * without a body, or whose body is already used, end the span at once and are returned as is.
 */
export function followResponse(
  response: Response,
  completion: SpanCompletion,
  spanContext: Context,
): Response {
  completion.span.setAttribute('http.response.status_code', response.status);
  if (response.body === null || response.bodyUsed) {
    completion.succeed(response.body === null ? undefined : '[body already used]');
    return response;
  }
  let followed: Response;
  try {
    followed = new Response(followReadableStream(response.body, completion, spanContext), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    // e.g. status 0 of an opaque response, which the constructor rejects; the body was not touched.
    diag.debug('genai-otel: could not follow a Response body; ending its span now', error);
    completion.succeed();
    return response;
  }
  for (const key of ['url', 'redirected', 'type'] as const) {
    Object.defineProperty(followed, key, { value: response[key], enumerable: true, configurable: true });
  }
  return followed;
}
