import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { flushEvents, getEventStats } from '../../src/events/event-bus';
import type { GenAIEvent, SpanLifecycleEvent } from '../../src/events/event-types';
import { onEvent, onLLMEnd, onToolError } from '../../src/events/subscriptions';
import { reportLLMToken } from '../../src/events/token-events';
import { withAgent, withTool } from '../../src/tracing/genai-helpers';
import { withLLMCall } from '../../src/tracing/with-llm-call';
import {
  deferred,
  diagMessages,
  finishedSpans,
  recordEvents,
  reset,
  spanNamed,
} from '../support/event-harness';

const stops: Array<() => void> = [];
beforeEach(reset);
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await flushEvents();
});

/** A small agent: one model call that asks for a tool, the tool, a final model call. */
async function runAgent(options: { failTool?: boolean } = {}): Promise<string> {
  return withAgent(
    { name: 'trip-helper', provider: 'openai', model: 'gpt-4o-mini', input: 'Weather in Zürich?' },
    async () => {
      await withLLMCall(
        { provider: 'openai', model: 'gpt-4o-mini', input: 'Weather in Zürich?' },
        async (call) => {
          call.recordResponse({
            id: 'chatcmpl-1',
            model: 'gpt-4o-mini-2024-07-18',
            finishReasons: ['tool_call'],
            usage: { inputTokens: 120, outputTokens: 18 },
          });
        },
      );
      try {
        await withTool({ name: 'get_weather', callId: 'call_1', arguments: { city: 'Zürich' } }, async () => {
          if (options.failTool) throw new RangeError('weather service down');
          return { sky: 'Schnee ❄', tempC: -2 };
        });
      } catch {
        // the agent goes on without the tool
      }
      return withLLMCall({ provider: 'openai', model: 'gpt-4o-mini' }, async (call) => {
        call.recordResponse({
          model: 'gpt-4o-mini-2024-07-18',
          finishReasons: ['stop'],
          usage: { inputTokens: 160, outputTokens: 24 },
        });
        return 'Snow in Zürich, -2 °C.';
      });
    },
  );
}

describe('events derived from spans', () => {
  it('reports the agent, tool and model-call lifecycle in order, with the spans’ own ids', async () => {
    const { received, stop } = recordEvents('*');
    stops.push(stop);
    await runAgent();
    await flushEvents();

    expect(received.map((event) => event.type)).toEqual([
      'agent.start',
      'llm.start',
      'llm.end',
      'agent.action',
      'tool.start',
      'tool.end',
      'llm.start',
      'llm.end',
      'agent.finish',
    ]);
    const agentSpan = spanNamed('invoke_agent trip-helper');
    const toolSpan = spanNamed('execute_tool get_weather');
    const toolEnd = received.find((event) => event.type === 'tool.end') as SpanLifecycleEvent;
    expect(toolEnd).toMatchObject({
      traceId: toolSpan.spanContext().traceId,
      spanId: toolSpan.spanContext().spanId,
      parentSpanId: agentSpan.spanContext().spanId,
      toolName: 'get_weather',
      toolCallId: 'call_1',
      status: 'ok',
    });
    expect(toolEnd.durationMs).toBeGreaterThanOrEqual(0);
    expect(received.find((event) => event.type === 'agent.action')).toMatchObject({
      agentSpanId: agentSpan.spanContext().spanId,
      agentName: 'trip-helper',
      toolName: 'get_weather',
      spanId: toolSpan.spanContext().spanId,
    });
    const firstEnd = received.find((event) => event.type === 'llm.end') as SpanLifecycleEvent;
    expect(firstEnd).toMatchObject({
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      finishReasons: ['tool_call'],
      usage: { inputTokens: 120, outputTokens: 18 },
      status: 'ok',
    });
    // gpt-4o-mini: $0.15 / $0.60 per million tokens.
    expect(firstEnd.cost?.totalUsd).toBeCloseTo((120 * 0.15 + 18 * 0.6) / 1e6, 12);
    expect(received.find((event) => event.type === 'agent.finish')).toMatchObject({
      agentName: 'trip-helper',
      status: 'ok',
    });
  });

  it('reports failures as .error events with the error type and message', async () => {
    const toolErrors: SpanLifecycleEvent[] = [];
    stops.push(onToolError((event) => void toolErrors.push(event)));
    await runAgent({ failTool: true });
    await flushEvents();
    expect(toolErrors).toHaveLength(1);
    expect(toolErrors[0]).toMatchObject({
      type: 'tool.error',
      status: 'error',
      error: { type: 'RangeError', message: 'weather service down' },
    });
  });

  it('carries content only when content capture is on, parsed and with non-ASCII text as is', async () => {
    const { received, stop } = recordEvents(['tool.end', 'llm.start']);
    stops.push(stop);
    await runAgent();
    await withContentCapture(true, () => runAgent());
    await flushEvents();
    const [withoutCapture, withCapture] = received.filter(
      (event) => event.type === 'tool.end',
    ) as SpanLifecycleEvent[];
    expect(withoutCapture?.input).toBeUndefined();
    expect(withoutCapture?.output).toBeUndefined();
    expect(withCapture?.input).toEqual({ city: 'Zürich' });
    expect(withCapture?.output).toEqual({ sky: 'Schnee ❄', tempC: -2 });
    // JSON-safe: a round trip changes nothing, and non-ASCII is not escaped.
    for (const event of received) expect(JSON.parse(JSON.stringify(event))).toEqual(event);
    expect(JSON.stringify(withCapture)).toContain('Schnee ❄');
  });

  it('stops delivering after unsubscribe', async () => {
    const ends: GenAIEvent[] = [];
    const stop = onLLMEnd((event) => void ends.push(event));
    await runAgent();
    await flushEvents();
    stop();
    stop();
    await runAgent();
    await flushEvents();
    expect(ends).toHaveLength(2);
  });
});

describe('a misbehaving subscriber cannot hurt the app, the spans or other subscribers', () => {
  it('a throwing handler: the app gets its result, spans end once and OK, others get every event', async () => {
    const before = getEventStats();
    stops.push(
      onEvent('*', () => {
        throw new Error('handler bug');
      }),
    );
    const { received, stop } = recordEvents('*');
    stops.push(stop);

    await expect(runAgent()).resolves.toBe('Snow in Zürich, -2 °C.');
    await flushEvents();

    expect(received).toHaveLength(9);
    expect(finishedSpans()).toHaveLength(4);
    for (const span of finishedSpans()) expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(getEventStats().handlerErrors - before.handlerErrors).toBe(9);
    // Reported once, not once per event.
    expect(diagMessages.filter((message) => message.includes('event handler threw'))).toHaveLength(1);
  });

  it('a slow async handler: the app finishes first, other handlers are not held back, order is kept', async () => {
    const gate = deferred();
    const slowSeen: string[] = [];
    stops.push(
      onEvent('llm.*', async (event) => {
        await gate.promise;
        slowSeen.push(event.type);
      }),
    );
    const { received, stop } = recordEvents('llm.*');
    stops.push(stop);

    await expect(runAgent()).resolves.toBe('Snow in Zürich, -2 °C.');
    // Give the fast handler its turns; the slow one is still stuck on its first event.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(received.map((event) => event.type)).toEqual(['llm.start', 'llm.end', 'llm.start', 'llm.end']);
    expect(slowSeen).toEqual([]);
    expect(finishedSpans()).toHaveLength(4);

    gate.resolve();
    await flushEvents();
    expect(slowSeen).toEqual(['llm.start', 'llm.end', 'llm.start', 'llm.end']);
  });

  it('a handler that cannot keep up: its queue is bounded and the drops are counted', async () => {
    const gate = deferred();
    let handled = 0;
    stops.push(
      onEvent(
        'llm.end',
        async () => {
          await gate.promise;
          handled++;
        },
        { maxPending: 2 },
      ),
    );
    const before = getEventStats();
    // Ten calls end in one synchronous burst, before the handler's queue is drained at all.
    for (let i = 0; i < 10; i++) {
      withLLMCall({ provider: 'openai', model: 'gpt-4o-mini' }, (call) => {
        call.recordResponse({ usage: { inputTokens: 1, outputTokens: 1 } });
      });
    }
    expect(getEventStats().dropped - before.dropped).toBe(8);
    gate.resolve();
    await flushEvents();
    expect(handled).toBe(2);
  });

  it('a filter that throws is treated as not matching', async () => {
    const { received, stop } = recordEvents({
      types: ['llm.end'],
      where: () => {
        throw new Error('filter bug');
      },
    });
    stops.push(stop);
    await expect(runAgent()).resolves.toBe('Snow in Zürich, -2 °C.');
    await flushEvents();
    expect(received).toEqual([]);
  });
});

describe('token events', () => {
  it('llm.first_token once per call; llm.token only for subscribers that name it; text only with capture', async () => {
    const everything = recordEvents('*');
    const tokens = recordEvents(['llm.first_token', 'llm.token']);
    stops.push(everything.stop, tokens.stop);
    const chunks = ['Snow', ' in', ' Zürich'];
    await withLLMCall({ provider: 'openai', model: 'gpt-4o-mini' }, async (call) => {
      for (const _chunk of chunks) call.recordChunk();
    });
    await withContentCapture(true, () =>
      withLLMCall({ provider: 'openai', model: 'gpt-4o-mini' }, async (call) => {
        for (const chunk of chunks) reportLLMToken(call, { text: chunk });
      }),
    );
    await flushEvents();
    expect(everything.received.map((event) => event.type)).toEqual([
      'llm.start',
      'llm.first_token',
      'llm.end',
      'llm.start',
      'llm.first_token',
      'llm.end',
    ]);
    expect(tokens.received.map((event) => event.type)).toEqual([
      'llm.first_token',
      'llm.token',
      'llm.token',
      'llm.token',
      'llm.first_token',
      'llm.token',
      'llm.token',
      'llm.token',
    ]);
    const texts = tokens.received
      .filter((event) => event.type === 'llm.token')
      .map((event) => (event as { text?: string }).text);
    expect(texts).toEqual([undefined, undefined, undefined, 'Snow', ' in', ' Zürich']);
  });
});
