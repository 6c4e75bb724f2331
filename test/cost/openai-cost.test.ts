import { beforeEach, describe, expect, it } from 'vitest';
import { setPricingOverrides } from '../../src/cost/pricing-overrides';
import { flushEvents } from '../../src/events/event-bus';
import type { SpanLifecycleEvent } from '../../src/events/event-types';
import { ATTR_GENAI_OTEL_COST_USD } from '../../src/genai/semconv';
import { useInstrumentedOpenAI } from '../openai/support/instrumented-openai';
import { counterTotal, finishedSpans, meterProvider, recordEvents, reset } from '../support/event-harness';
import { chatCompletion, chatCompletionChunks } from '../support/openai-wire-server';

const { instrumentation, server, client } = useInstrumentedOpenAI({ maxRetries: 0 });
instrumentation.setMeterProvider(meterProvider);

const ROUTE = 'POST /v1/chat/completions';

beforeEach(() => {
  reset();
  setPricingOverrides({});
});

describe('cost of OpenAI calls', () => {
  it('a known model: cost on the span, in the llm.end event and in the cost metric', async () => {
    const { received, stop } = recordEvents('llm.end');
    const before = (await counterTotal('genai_otel.client.cost')) ?? 0;
    server.enqueue(ROUTE, {
      kind: 'json',
      body: chatCompletion({
        model: 'gpt-4o-mini-2024-07-18',
        usage: { prompt: 1200, completion: 96, cached: 1024 },
      }),
    });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await flushEvents();
    stop();

    const expected = (176 * 0.15 + 1024 * 0.075 + 96 * 0.6) / 1e6;
    const [span] = finishedSpans();
    expect(span?.attributes[ATTR_GENAI_OTEL_COST_USD]).toBeCloseTo(expected, 12);
    expect(span?.attributes['genai_otel.cost.source']).toBe('genai-prices');
    expect((received[0] as SpanLifecycleEvent).cost?.totalUsd).toBeCloseTo(expected, 12);
    expect(((await counterTotal('genai_otel.client.cost')) ?? 0) - before).toBeCloseTo(expected, 12);
  });

  it('a streamed call is priced from its include_usage counts', async () => {
    server.enqueue(ROUTE, {
      kind: 'sse',
      events: chatCompletionChunks({
        model: 'gpt-4o-mini-2024-07-18',
        includeUsage: true,
        usage: { prompt: 50, completion: 10 },
      }),
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _chunk of stream) {
      // read it all
    }
    expect(finishedSpans()[0]?.attributes[ATTR_GENAI_OTEL_COST_USD]).toBeCloseTo(
      (50 * 0.15 + 10 * 0.6) / 1e6,
      12,
    );
  });

  it('an unknown model: no cost attribute at all, no cost in the event, nothing added to the metric', async () => {
    const { received, stop } = recordEvents('llm.end');
    const before = await counterTotal('genai_otel.client.cost');
    server.enqueue(ROUTE, {
      kind: 'json',
      body: chatCompletion({ model: 'acme-llm-7b', usage: { prompt: 100, completion: 10 } }),
    });
    await client.chat.completions.create({
      model: 'acme-llm-7b',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await flushEvents();
    stop();

    const [span] = finishedSpans();
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBe(100);
    expect(Object.keys(span?.attributes ?? {}).filter((key) => key.startsWith('genai_otel.cost'))).toEqual(
      [],
    );
    expect((received[0] as SpanLifecycleEvent).cost).toBeUndefined();
    expect(await counterTotal('genai_otel.client.cost')).toBe(before);
  });

  it('a per-model override prices a negotiated rate', async () => {
    setPricingOverrides({ 'gpt-4o-mini-2024-07-18': { input: 0.1, output: 0.3 } });
    server.enqueue(ROUTE, {
      kind: 'json',
      body: chatCompletion({ model: 'gpt-4o-mini-2024-07-18', usage: { prompt: 1000, completion: 100 } }),
    });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const [span] = finishedSpans();
    expect(span?.attributes[ATTR_GENAI_OTEL_COST_USD]).toBeCloseTo((1000 * 0.1 + 100 * 0.3) / 1e6, 12);
    expect(span?.attributes['genai_otel.cost.source']).toBe('override');
  });
});
