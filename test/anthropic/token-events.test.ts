import { beforeEach, expect, it } from 'vitest';
import { AnthropicInstrumentation } from '../../instrumentations/anthropic';
import { withContentCapture } from '../../src/content/capture-policy';
import { flushEvents } from '../../src/events/event-bus';
import type { LLMTokenEvent } from '../../src/events/event-types';
import { messageEvents } from '../support/anthropic-wire-server';
import { finishedSpans, meterProvider, recordEvents, reset } from '../support/event-harness';
import { useAnthropicWireServer } from '../support/use-anthropic-wire-server';
import { clientFor, requireFromRoot } from './support/anthropic-clients';

const instrumentation = new AnthropicInstrumentation();
instrumentation.setMeterProvider(meterProvider);
requireFromRoot('@anthropic-ai/sdk');
const server = useAnthropicWireServer();

beforeEach(() => {
  reset();
});

it('a streamed Anthropic call: llm.first_token once, llm.token text from text_delta only with capture', async () => {
  const client = clientFor('anthropic', 'v1', server, { maxRetries: 0 });
  const { received, stop } = recordEvents(['llm.first_token', 'llm.token']);
  const streamOnce = async () => {
    server.enqueue({
      kind: 'events',
      events: messageEvents({ content: [{ type: 'text', text: 'Grüezi aus Zürich' }] }),
    });
    const request = {
      model: 'claude-haiku-4-5',
      max_tokens: 32,
      messages: [{ role: 'user', content: 'Hallo' }],
    };
    for await (const _ of await client.messages.create({ ...request, stream: true }));
  };
  await streamOnce();
  await withContentCapture(true, streamOnce);
  await flushEvents();
  stop();

  const [first, second] = finishedSpans();
  const ofSpan = (spanId: string | undefined) =>
    received.filter((event) => event.spanId === spanId) as LLMTokenEvent[];
  expect(
    ofSpan(first?.spanContext().spanId).filter((event) => event.type === 'llm.first_token'),
  ).toHaveLength(1);
  expect(ofSpan(first?.spanContext().spanId).some((event) => event.text !== undefined)).toBe(false);
  const texts = ofSpan(second?.spanContext().spanId)
    .filter((event) => event.type === 'llm.token' && event.text !== undefined)
    .map((event) => event.text);
  expect(texts.join('')).toBe('Grüezi aus Zürich');
});
