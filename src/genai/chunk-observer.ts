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
let isListening: (() => boolean) | undefined;

/**
 * Sets the one observer of streamed chunks. The recorder (src/genai) must not depend on the
 * event bus (src/events), so the event side registers itself here when it loads; until then a
 * chunk costs one undefined check. `listening` tells whether the observer wants chunks now (the
 * event side: whether anyone subscribed), so that a chunk nobody listens to allocates nothing.
 */
export function setChunkObserver(next: ChunkObserver | undefined, listening?: () => boolean): void {
  observer = next;
  isListening = listening;
}

/** The observer of streamed chunks, if the event side is loaded and listening. */
export function chunkObserver(): ChunkObserver | undefined {
  if (observer === undefined || (isListening !== undefined && !isListening())) return undefined;
  return observer;
}
