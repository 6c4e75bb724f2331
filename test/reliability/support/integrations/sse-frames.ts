import type { SseEvent, WireReply } from '../../../support/openai-wire-server';
import type { MalformedAnswer, WireFrame } from './integration-under-test';

/**
 * A malformed streamed answer as an SSE reply of the generic wire server: each frame as an
 * `event:`/`data:` pair, and a truncated tail as the first bytes of one more frame's JSON.
 */
export function sseReply(
  answer: Extract<MalformedAnswer, { kind: 'stream' }>,
  headers?: Record<string, string>,
): WireReply {
  const events: SseEvent[] = answer.frames.map(toSseEvent);
  if (answer.truncatedTail) {
    const { frame, cutAt } = answer.truncatedTail;
    const text = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
    events.push({ ...toSseEvent(frame), data: text.slice(0, cutAt) });
  }
  return { kind: 'sse', events, headers };
}

function toSseEvent(frame: WireFrame): SseEvent {
  return frame.event === undefined ? { data: frame.data } : { event: frame.event, data: frame.data };
}
