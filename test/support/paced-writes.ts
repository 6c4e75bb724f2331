import type { IncomingMessage, ServerResponse } from 'node:http';

/** How a test server streams an answer, so tests can act mid-stream or lose the connection. */
export interface StreamPacing {
  /** Pause before each frame after the first. */
  delayMs?: number;
  /** Destroy the socket after this many frames (a connection lost mid-stream). */
  destroyAfter?: number;
  /** Stop writing after this many frames and keep the connection open (a stalled stream). */
  stallAfter?: number;
}

/**
 * Writes `frames` (SSE events, event-stream messages) to a response whose head is written, one at
 * a time as `pacing` says, and ends it after the last; stops as soon as the client goes away.
 */
export function writePaced(
  req: IncomingMessage,
  res: ServerResponse,
  frames: ReadonlyArray<string | Uint8Array>,
  pacing: StreamPacing = {},
): void {
  let index = 0;
  let closed = false;
  req.on('close', () => {
    closed = true;
  });
  res.on('close', () => {
    closed = true;
  });
  const writeNext = (): void => {
    if (closed) return;
    if (pacing.destroyAfter !== undefined && index >= pacing.destroyAfter) {
      req.socket.destroy();
      return;
    }
    if (pacing.stallAfter !== undefined && index >= pacing.stallAfter) return;
    const frame = frames[index++];
    if (frame === undefined) {
      res.end();
      return;
    }
    res.write(frame);
    if (pacing.delayMs) setTimeout(writeNext, pacing.delayMs);
    else setImmediate(writeNext);
  };
  writeNext();
}
