import type { Span } from '@opentelemetry/api';

/** One streamed chunk of a model call, as the recorder saw it. */
export interface ObservedChunk {
  /** 1 for the call's first chunk, 2 for the next… */
  index: number;
  /** Time since the call started, ms. */
  sinceStartMs: number;
  /** The chunk's text, if the provider's chunk reader found some (content: see `captureContent`). */
  text?: string;
  /** The call's content-capture decision. */
  captureContent: boolean;
}

/** Told of every chunk the recorder sees (the event side turns them into `llm.token` events). */
export type ChunkObserver = (span: Span, chunk: ObservedChunk) => void;

let observer: ChunkObserver | undefined;

/**
 * Sets the one observer of streamed chunks. The recorder (src/genai) must not depend on the
 * event bus (src/events), so the event side registers itself here when it loads; until then a
 * chunk costs one undefined check.
 */
export function setChunkObserver(next: ChunkObserver | undefined): void {
  observer = next;
}

/** The observer of streamed chunks, if the event side is loaded. */
export function chunkObserver(): ChunkObserver | undefined {
  return observer;
}
