import { finished, type Readable } from 'node:stream';
import { type Context, context, diag } from '@opentelemetry/api';
import type { SpanCompletion } from './span-completion';

/** A Node.js readable stream (`fs`, HTTP bodies, `Readable.from` …). */
export function isNodeReadable(value: object): value is Readable {
  const candidate = value as Partial<Readable>;
  return (
    typeof candidate.pipe === 'function' &&
    typeof candidate.on === 'function' &&
    typeof candidate.read === 'function'
  );
}

/**
 * Ends the span when a Node.js readable ends, is destroyed early, or errors, whichever way it is
 * consumed (iteration, `pipe`, `data` events). The caller keeps the same stream. Chunks are not
 * recorded: listening for `data` would switch the stream into flowing mode behind the
 * consumer's back.
 */
export function followNodeReadable<T extends Readable>(
  stream: T,
  completion: SpanCompletion,
  spanContext?: Context,
): T {
  completion.beginStream(false);
  if (spanContext) produceInSpanContext(stream, spanContext);
  finished(stream, { writable: false }, (error) => {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (!error) completion.succeed();
    // Destroyed before its end, or aborted (a `break` out of `for await` aborts): the consumer stopped.
    else if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR') completion.cancel();
    else completion.fail(error);
  });
  return stream;
}

/**
 * The producing side of a pull-based stream (`_read`, e.g. the generator behind `Readable.from`)
 * runs in the span's context, whoever reads — the same rule as for iterators (docs/context.md).
 * Streams fed by events (sockets) have a no-op `_read` and keep the context of their source.
 */
function produceInSpanContext(stream: Readable, spanContext: Context): void {
  const originalRead = stream._read;
  if (typeof originalRead !== 'function') return;
  try {
    Object.defineProperty(stream, '_read', {
      value: function readInSpanContext(this: Readable, size: number) {
        return context.with(spanContext, () => originalRead.call(this, size));
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  } catch (error) {
    diag.debug('genai-otel: could not run a stream producer in its span context', error);
  }
}
