import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { flushEvents } from '../../src/events/event-bus';
import type { LLMTokenEvent } from '../../src/events/event-types';
import { useInstrumentedOpenAI } from '../openai/support/instrumented-openai';
import { finishedSpans, meterProvider, recordEvents, reset } from '../support/event-harness';
import { chatCompletionChunks } from '../support/openai-wire-server';

const { instrumentation, server, client } = useInstrumentedOpenAI({ maxRetries: 0 });
instrumentation.setMeterProvider(meterProvider);

beforeEach(() => {
  reset();
});

async function streamOnce(): Promise<string> {
  server.enqueue('POST /v1/chat/completions', {
    kind: 'sse',
    events: chatCompletionChunks({ pieces: [['Grüezi', ' aus', ' Zürich']] }),
  });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hallo' }],
    stream: true,
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

describe('token events from a streamed OpenAI call', () => {
  it('first token once, every chunk as llm.token (opt-in), the text only with content capture', async () => {
    const { received, stop } = recordEvents(['llm.first_token', 'llm.token']);
    expect(await streamOnce()).toBe('Grüezi aus Zürich');
    await withContentCapture(true, streamOnce);
    await flushEvents();
    stop();

    const [first, second] = finishedSpans();
    const ofSpan = (spanId: string | undefined) =>
      received.filter((event) => event.spanId === spanId) as LLMTokenEvent[];
    const withoutCapture = ofSpan(first?.spanContext().spanId);
    const withCapture = ofSpan(second?.spanContext().spanId);
    expect(withoutCapture.filter((event) => event.type === 'llm.first_token')).toHaveLength(1);
    expect(withoutCapture.some((event) => event.text !== undefined)).toBe(false);
    expect(withCapture.filter((event) => event.type === 'llm.first_token')).toHaveLength(1);
    expect(
      withCapture
        .filter((event) => event.type === 'llm.token')
        .map((event) => event.text)
        .filter((text) => text !== undefined)
        .join(''),
    ).toBe('Grüezi aus Zürich');
    const indexes = withCapture.filter((event) => event.type === 'llm.token').map((event) => event.index);
    expect(indexes).toEqual(indexes.map((_, i) => i + 1));
  });
});
