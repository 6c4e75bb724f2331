import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveStream } from '../../../src/viewer/server/live-stream';

/** A response that records what is written to it. */
function recordingResponse() {
  const writes: string[] = [];
  const listeners = new Map<string, () => void>();
  const response = {
    writeHead: vi.fn(),
    write: (chunk: string) => writes.push(chunk),
    end: vi.fn(),
    on: (event: string, listener: () => void) => listeners.set(event, listener),
  };
  return { response: response as unknown as ServerResponse, writes, close: () => listeners.get('close')?.() };
}

describe('LiveStream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces announcements to at most one event per interval, with every trace id once', () => {
    const live = new LiveStream({ minIntervalMs: 250, keepAliveMs: 15_000 });
    const client = recordingResponse();
    live.attach(client.response, {});
    live.publish(['a', 'b']);
    vi.advanceTimersByTime(0);
    live.publish(['b']);
    live.publish(['c']);
    vi.advanceTimersByTime(100);
    const events = () => client.writes.filter((chunk) => chunk.startsWith('event: spans'));
    expect(events()).toEqual(['event: spans\ndata: {"traceIds":["a","b"]}\n\n']);
    vi.advanceTimersByTime(150);
    expect(events()).toEqual([
      'event: spans\ndata: {"traceIds":["a","b"]}\n\n',
      'event: spans\ndata: {"traceIds":["b","c"]}\n\n',
    ]);
    live.close();
  });

  it('sends a keep-alive comment every interval and forgets a client that went away', () => {
    const live = new LiveStream({ keepAliveMs: 15_000 });
    const client = recordingResponse();
    live.attach(client.response, {});
    vi.advanceTimersByTime(15_000);
    expect(client.writes).toEqual([': connected\n\n', ': keep-alive\n\n']);
    client.close();
    vi.advanceTimersByTime(15_000);
    live.publish(['a']);
    vi.advanceTimersByTime(1_000);
    expect(client.writes).toHaveLength(2);
    live.close();
  });
});
