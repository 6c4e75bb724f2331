import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, expect, it } from 'vitest';
import { flushEvents } from '../../src/events/event-bus';
import { GenAIEventSpanProcessor } from '../../src/events/event-span-processor';
import type { GenAIEvent } from '../../src/events/event-types';
import { onEvent } from '../../src/events/subscriptions';
import { createRedactingSpanProcessor } from '../../src/redaction/create-redacting-span-processor';

/**
 * Start events are derived from the attributes a span starts with, before the span ends: the
 * content they carry must be scrubbed already, since `events()` streams go to browsers.
 */
const memory = new InMemorySpanExporter();
const seenByHook: string[] = [];
const provider = new TracerProvider({
  spanProcessors: [
    createRedactingSpanProcessor({
      redact: (value) => {
        seenByHook.push(value);
        return undefined;
      },
    }),
    new GenAIEventSpanProcessor(),
    new SimpleSpanProcessor({ exporter: memory }),
  ],
});
afterAll(() => provider.shutdown());

const KEY = 'sk-proj-Abc123Def456Ghi789Jkl012';

it('scrubs the content of llm.start events, and runs the hook once per value', async () => {
  const events: GenAIEvent[] = [];
  const unsubscribe = onEvent(['llm.start'], (event) => {
    events.push(event);
  });
  const input = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `my key is ${KEY}` }] }]);
  provider
    .getTracer('test')
    .startSpan('chat gpt-4o-mini', {
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': input },
    })
    .end();
  await flushEvents();
  unsubscribe();

  expect(events).toHaveLength(1);
  expect(JSON.stringify(events[0])).toContain('[REDACTED:api_key]');
  expect(JSON.stringify(events[0])).not.toContain(KEY);
  expect(String(memory.getFinishedSpans()[0]?.attributes['gen_ai.input.messages'])).not.toContain(KEY);
  expect(seenByHook).toEqual([input]);
});
