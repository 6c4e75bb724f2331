import type { InferenceRecording } from './inference-recording';
import type { InferenceResult } from './inference-types';

/** How a followed stream ended. */
export type StreamEnding =
  /** The source said it was done. */
  | 'completed'
  /** The consumer stopped early (`break`, `return()`, an abort the SDK ends quietly). */
  | 'cancelled'
  /** The source threw. */
  | 'failed';

/**
 * Provider-specific knowledge of a stream's chunks. `add` sees every chunk as it passes and must
 * be cheap; `result` summarises what was seen, with finish reason `error` for choices that did not
 * finish when the stream did not complete.
 */
export interface StreamAccumulator<Chunk> {
  add(chunk: Chunk): void;
  result(ending: StreamEnding): InferenceResult;
}

/** Options for {@link followAsyncIterator}. */
export interface FollowOptions {
  /**
   * Tells a quiet end caused by an abort (SDKs end iteration without throwing when their request
   * is aborted) from a real completion.
   */
  wasAborted?: () => boolean;
  /** Called once, on the first `next()`: the stream is being consumed. */
  onFirstPull?: () => void;
  /** The text a chunk carries, for opt-in `llm.token` events (recorded only with content capture). */
  chunkText?: (chunk: unknown) => string | undefined;
}

/**
 * Wraps an async iterator so that every chunk passes through unchanged while the recording
 * observes it, and ends the recording exactly once: when the source is done, when the consumer
 * calls `return()` (a `break` in `for await`, a cancelled ReadableStream, both `tee()` branches
 * closed), or when the source throws (partial output kept, error recorded, error re-thrown).
 *
 * A hand-written iterator rather than an `async function*`: a generator's cleanup never runs if
 * `return()` is called before the first `next()`, and it would add a promise hop per chunk.
 */
export function followAsyncIterator<Chunk>(
  source: AsyncIterator<Chunk>,
  recording: InferenceRecording,
  accumulator: StreamAccumulator<Chunk>,
  options: FollowOptions = {},
): AsyncIterableIterator<Chunk> {
  return new FollowedIterator(source, recording, accumulator, options);
}

class FollowedIterator<Chunk> implements AsyncIterableIterator<Chunk> {
  private pulled = false;

  constructor(
    private readonly source: AsyncIterator<Chunk>,
    private readonly recording: InferenceRecording,
    private readonly accumulator: StreamAccumulator<Chunk>,
    private readonly options: FollowOptions,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<Chunk> {
    return this;
  }

  next(...args: [] | [unknown]): Promise<IteratorResult<Chunk>> {
    if (!this.pulled) {
      this.pulled = true;
      this.safely(() => this.options.onFirstPull?.());
    }
    let pending: Promise<IteratorResult<Chunk>>;
    try {
      // `for await` passes no argument; spreading an empty rest array costs an allocation per chunk.
      pending = args.length === 0 ? this.source.next() : this.source.next(...args);
    } catch (error) {
      this.finish('failed', error);
      throw error;
    }
    return Promise.resolve(pending).then(this.onResult, this.onError);
  }

  return(value?: unknown): Promise<IteratorResult<Chunk>> {
    // End first: the consumer has left now, and the source's cleanup may wait on the network.
    this.finish('cancelled');
    const sourceReturn = this.source.return;
    if (sourceReturn === undefined) return Promise.resolve({ done: true, value: value as Chunk });
    return sourceReturn.call(this.source, value);
  }

  throw(error?: unknown): Promise<IteratorResult<Chunk>> {
    this.finish('cancelled');
    const sourceThrow = this.source.throw;
    if (sourceThrow === undefined) return Promise.reject(error);
    return sourceThrow.call(this.source, error);
  }

  private chunkTimingFailed = false;

  private readonly onResult = (result: IteratorResult<Chunk>): IteratorResult<Chunk> => {
    if (result.done) {
      this.finish(this.aborted() ? 'cancelled' : 'completed');
    } else if (!this.recording.isEnded) {
      if (!this.chunkTimingFailed) {
        try {
          this.recording.recordChunk(performance.now(), this.textOf(result.value));
        } catch (error) {
          // Timing telemetry must not cost the consumer its chunk either; reported once per stream.
          this.chunkTimingFailed = true;
          reportToDiag(this.recording, error);
        }
      }
      try {
        this.accumulator.add(result.value);
      } catch (error) {
        // One odd chunk costs the summary, never the consumer's chunk.
        this.accumulator.add = noop;
        reportToDiag(this.recording, error);
      }
    }
    return result;
  };

  private readonly onError = (error: unknown): never => {
    this.finish('failed', error);
    throw error;
  };

  private textOf(chunk: Chunk): string | undefined {
    const chunkText = this.options.chunkText;
    if (chunkText === undefined || !this.recording.captureContent) return undefined;
    try {
      return chunkText(chunk);
    } catch {
      return undefined;
    }
  }

  private aborted(): boolean {
    try {
      return this.options.wasAborted?.() ?? false;
    } catch {
      return false;
    }
  }

  private finish(ending: StreamEnding, error?: unknown): void {
    const recording = this.recording;
    if (recording.isEnded) return;
    this.safely(() => recording.recordResult(this.accumulator.result(ending)));
    if (ending === 'failed') recording.endWithError(error);
    else recording.end();
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      reportToDiag(this.recording, error);
    }
  }
}

function noop(): void {}

function reportToDiag(recording: InferenceRecording, error: unknown): void {
  recording.reportError('genai-otel: failed to observe a GenAI stream', error);
}
