import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushEvents } from '../../src/events/event-bus';
import type { SpanLifecycleEvent } from '../../src/events/event-types';
import { ATTR_GENAI_OTEL_COST_USD } from '../../src/genai/semconv';
import { EventSourceBridge } from '../../src/inbound/event-source-bridge';
import { counterTotal, finishedSpans, recordEvents, reset, spanNamed } from '../support/event-harness';

let bridge: EventSourceBridge;
beforeEach(() => {
  reset();
  bridge = new EventSourceBridge({
    provider: 'openai',
    ignoreEventStarts: ['templating'],
    ignoreEventEnds: ['exception'],
  });
});
afterEach(() => bridge.closeAll());

/** What a LlamaIndex query engine reports through `on_event_start` / `on_event_end`. */
function llamaIndexQuery(options: { failLLM?: boolean } = {}): void {
  bridge.startEvent('query', { query_str: 'What did the author do growing up?' }, 'q1', 'root');
  bridge.startEvent('retrieve', { query_str: 'What did the author do growing up?' }, 'r1', 'q1');
  bridge.endEvent('retrieve', { nodes: [{ id: 'n1', score: 0.82 }] }, 'r1');
  bridge.startEvent('synthesize', { query_str: 'What did the author do growing up?' }, 's1', 'q1');
  bridge.startEvent('templating', { template: '…' }, 't1', 's1');
  bridge.startEvent('chunking', {}, 'c1', 't1');
  bridge.endEvent('chunking', { chunks: ['He wrote short stories.', 'He programmed an IBM 1401.'] }, 'c1');
  bridge.endEvent('templating', {}, 't1');
  bridge.startEvent(
    'llm',
    {
      messages: [{ role: 'user', content: 'Context: …' }],
      serialized: { model: 'gpt-4o-mini', class_name: 'OpenAI' },
    },
    'l1',
    's1',
  );
  if (options.failLLM) {
    bridge.endEvent('llm', { exception: new Error('Connection error.') }, 'l1');
  } else {
    bridge.endEvent(
      'llm',
      {
        response: {
          message: { role: 'assistant', content: 'He wrote short stories and programmed an IBM 1401.' },
          raw: {
            model: 'gpt-4o-mini-2024-07-18',
            usage: {
              prompt_tokens: 1200,
              completion_tokens: 40,
              prompt_tokens_details: { cached_tokens: 1024 },
            },
          },
        },
      },
      'l1',
    );
  }
  bridge.startEvent('exception', { exception: 'ignored end' }, 'e1', 's1');
  bridge.endEvent('synthesize', { response: 'He wrote short stories…' }, 's1');
  bridge.endEvent('query', { response: 'He wrote short stories…' }, 'q1');
}

describe('EventSourceBridge (LlamaIndex callback shape)', () => {
  it('builds the span tree from event ids, leaving out ignored starts and re-parenting their children', () => {
    llamaIndexQuery();
    const byName = (name: string) => spanNamed(name);
    const query = byName('invoke_workflow query');
    const synthesize = byName('synthesize');
    expect(finishedSpans().some((span) => span.name === 'templating')).toBe(false);
    expect(byName('retrieval').parentSpanContext?.spanId).toBe(query.spanContext().spanId);
    expect(synthesize.parentSpanContext?.spanId).toBe(query.spanContext().spanId);
    // chunking started under the ignored templating event: it hangs under synthesize instead.
    expect(byName('chunking').parentSpanContext?.spanId).toBe(synthesize.spanContext().spanId);
    expect(byName('chunking').attributes['gen_ai.operation.name']).toBe('chunking');
    // An ignored end makes a point-in-time span.
    const exception = byName('exception');
    expect(exception.duration).toEqual([0, 0]);
    for (const span of finishedSpans()) expect(span.attributes['genai_otel.run.timed_out']).toBeUndefined();
  });

  it('records model calls with usage and cost, and derives the same events as any other source', async () => {
    const { received, stop } = recordEvents(['llm.*', 'retrieval.*', 'chunking.*']);
    const costBefore = (await counterTotal('genai_otel.client.cost')) ?? 0;
    llamaIndexQuery();
    await flushEvents();
    stop();

    const llm = spanNamed('chat gpt-4o-mini');
    expect(llm.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 40,
      'gen_ai.usage.cache_read.input_tokens': 1024,
    });
    // 176 uncached at $0.15, 1024 cached at $0.075, 40 out at $0.60 per million.
    const expected = (176 * 0.15 + 1024 * 0.075 + 40 * 0.6) / 1e6;
    expect(llm.attributes[ATTR_GENAI_OTEL_COST_USD]).toBeCloseTo(expected, 12);
    const costAfter = (await counterTotal('genai_otel.client.cost')) ?? 0;
    expect(costAfter - costBefore).toBeCloseTo(expected, 12);

    expect(received.map((event) => event.type)).toEqual([
      'retrieval.start',
      'retrieval.end',
      'chunking.start',
      'chunking.end',
      'llm.start',
      'llm.end',
    ]);
    const end = received.find((event) => event.type === 'llm.end') as SpanLifecycleEvent;
    expect(end.cost?.totalUsd).toBeCloseTo(expected, 12);
    expect(end.spanId).toBe(llm.spanContext().spanId);
  });

  it('marks a failed event as an error', async () => {
    const { received, stop } = recordEvents('llm.error');
    llamaIndexQuery({ failLLM: true });
    await flushEvents();
    stop();
    const llm = spanNamed('chat gpt-4o-mini');
    expect(llm.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'Connection error.' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ error: { type: 'Error', message: 'Connection error.' } });
  });

  it('returns a new id when the caller gives none, and never throws on nonsense', () => {
    const id = bridge.startEvent('function_call', { tool: { name: 'search' } });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    bridge.endEvent('function_call', { function_call_response: 'found' }, id);
    expect(() => bridge.endEvent('llm', null, undefined)).not.toThrow();
    expect(() => bridge.startEvent('llm', 42 as never, 'x', 'nope')).not.toThrow();
    expect(spanNamed('execute_tool search').attributes['gen_ai.tool.name']).toBe('search');
  });
});
