import { beforeEach, describe, expect, it } from 'vitest';
import { getEventStats } from '../../src/events/event-bus';
import { events } from '../../src/events/event-stream';
import { withTool } from '../../src/tracing/genai-helpers';
import { reset } from './support/event-harness';

beforeEach(reset);

function runTools(count: number): void {
  for (let i = 0; i < count; i++) withTool({ name: `tool_${i}` }, () => i);
}

describe('events(): the live stream', () => {
  it('yields matching events as they happen and unsubscribes on break', async () => {
    const before = getEventStats().subscriptions;
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const event of events({ filter: 'tool.end' })) {
        seen.push(`${event.type} ${'toolName' in event ? event.toolName : ''}`);
        if (seen.length === 2) break;
      }
    })();
    expect(getEventStats().subscriptions).toBe(before + 1);
    runTools(1);
    await new Promise((resolve) => setImmediate(resolve));
    runTools(3);
    await consumer;
    expect(seen).toEqual(['tool.end tool_0', 'tool.end tool_0']);
    expect(getEventStats().subscriptions).toBe(before);
  });

  it('a consumer that stops reading loses the oldest events, is told how many, and never blocks the app', async () => {
    const stream = events({ filter: 'tool.end', bufferSize: 3 });
    const before = getEventStats().dropped;
    runTools(10); // nobody reads meanwhile
    expect(stream.dropped).toBe(7);
    expect(getEventStats().dropped - before).toBe(7);

    const first = await stream.next();
    expect(first.value).toMatchObject({ type: 'events.dropped', dropped: 7 });
    const rest: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = await stream.next();
      rest.push((next.value as { toolName: string }).toolName);
    }
    expect(rest).toEqual(['tool_7', 'tool_8', 'tool_9']);
    stream.close();
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('ends a waiting iteration when its signal aborts (an HTTP client went away)', async () => {
    const abort = new AbortController();
    const before = getEventStats().subscriptions;
    const stream = events({ signal: abort.signal });
    const pending = stream.next();
    abort.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(getEventStats().subscriptions).toBe(before);
  });

  it('an exception in the loop body closes the stream too', async () => {
    const before = getEventStats().subscriptions;
    const consumer = (async () => {
      for await (const _event of events({ filter: 'tool.*' })) throw new Error('consumer failed');
    })();
    runTools(1);
    await expect(consumer).rejects.toThrow('consumer failed');
    expect(getEventStats().subscriptions).toBe(before);
  });
});

describe('events(): closing', () => {
  it('counts the events still buffered at close() as dropped', async () => {
    const stream = events({ filter: 'tool.end' });
    const before = getEventStats().dropped;
    runTools(4); // nobody reads
    stream.close();
    expect(stream.dropped).toBe(4);
    expect(getEventStats().dropped - before).toBe(4);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
