/** What an {@link observedStream} reports. */
export interface StreamObserver<T> {
  /** A read of the source started (`true`) or settled (`false`): the reader is waiting for the model. */
  onWaiting(waiting: boolean): void;
  onPart(part: T): void;
  /** The source ended (all parts read). */
  onDone(): void;
  /** The source failed while being read. */
  onError(error: unknown): void;
  /** The reader cancelled the stream before its end (a `break`, an abort). */
  onCancel(reason: unknown): void;
}

/**
 * A ReadableStream that passes `source`'s parts through unchanged and tells `observer` about each
 * one as it is read. The source is locked only when the returned stream is first read, so a
 * wrapper that is never used (the SDK kept its own copy of the result) leaves the source intact.
 * Observer failures are the caller's to contain: wrap its callbacks so they never throw.
 */
export function observedStream<T>(source: ReadableStream<T>, observer: StreamObserver<T>): ReadableStream<T> {
  let reader: ReadableStreamDefaultReader<T> | undefined;
  return new ReadableStream<T>({
    async pull(controller) {
      reader ??= source.getReader();
      let next: Awaited<ReturnType<ReadableStreamDefaultReader<T>['read']>>;
      observer.onWaiting(true);
      try {
        next = await reader.read();
      } catch (error) {
        observer.onWaiting(false);
        observer.onError(error);
        controller.error(error);
        return;
      }
      observer.onWaiting(false);
      if (next.done) {
        observer.onDone();
        controller.close();
        return;
      }
      observer.onPart(next.value);
      controller.enqueue(next.value);
    },
    cancel(reason) {
      observer.onCancel(reason);
      return reader === undefined ? source.cancel(reason) : reader.cancel(reason);
    },
  });
}
