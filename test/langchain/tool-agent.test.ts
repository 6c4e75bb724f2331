import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { finishedSpans, histogram, jsonAttribute } from '../support/instrumentation-telemetry';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { scenarios } from './support/langchain-scenarios';
import { lc, resetLangChainTelemetry } from './support/load-langchain';
import {
  queueFailingToolReplies,
  queueToolAgentReplies,
  TIME_CALL_ID,
  TOOL_AGENT_CHILD_SPAN_NAMES,
  WEATHER_CALL_ID,
} from './support/wire-replies';

const wire = useOpenAIWireServer();
beforeEach(resetLangChainTelemetry);

function parentOf(span: ReadableSpan, spans: ReadableSpan[]): ReadableSpan | undefined {
  const parentId = span.parentSpanContext?.spanId;
  return spans.find((candidate) => candidate.spanContext().spanId === parentId);
}

describe('a tool-calling agent (two tools, three model calls)', () => {
  it('is one trace: agent → chat → tool → chat → tool → chat, each chat call exactly once', async () => {
    queueToolAgentReplies(wire);
    const answer = await scenarios.runToolAgent(lc, wire.baseURL);
    expect(answer).toBe('It is 18°C and sunny in Paris, and the local time is 14:05.');
    expect(wire.requests).toHaveLength(3);

    const spans = finishedSpans();
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    const agent = spans.find((span) => span.name === 'invoke_agent trip_helper');
    expect(agent, spans.map((span) => span.name).join(', ')).toBeDefined();
    expect(agent?.parentSpanContext).toBeUndefined();
    expect(agent?.attributes['gen_ai.agent.name']).toBe('trip_helper');
    expect(agent?.attributes['gen_ai.operation.name']).toBe('invoke_agent');

    const children = spans
      .filter((span) => parentOf(span, spans) === agent)
      .sort((a, b) => Number(a.startTime[0] - b.startTime[0]) || a.startTime[1] - b.startTime[1]);
    expect(children.map((span) => span.name)).toEqual(TOOL_AGENT_CHILD_SPAN_NAMES);
    // One inference span per model call: the OpenAI instrumentation saw the calls but did not
    // record them a second time.
    const chats = spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats).toHaveLength(3);
    for (const chat of chats) {
      expect(chat.kind).toBe(SpanKind.CLIENT);
      expect(chat.attributes['gen_ai.provider.name']).toBe('openai');
      expect(chat.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
      expect(chat.attributes['gen_ai.request.temperature']).toBe(0);
      expect(chat.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
      expect(chat.attributes['server.address']).toBe('127.0.0.1');
      expect(chat.attributes['server.port']).toBe(wire.port);
      expect(String(chat.attributes['gen_ai.response.id'])).toMatch(/^chatcmpl-/);
    }
    expect(chats.map((chat) => chat.attributes['gen_ai.usage.input_tokens'])).toEqual([96, 131, 165]);
    expect(chats.map((chat) => chat.attributes['gen_ai.usage.output_tokens'])).toEqual([16, 17, 19]);
    expect(chats[2]?.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(128);
    expect(chats.map((chat) => chat.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_call'],
      ['tool_call'],
      ['stop'],
    ]);
    const weather = spans.find((span) => span.name === 'execute_tool get_weather');
    expect(weather?.attributes['gen_ai.tool.call.id']).toBe(WEATHER_CALL_ID);
    expect(
      spans.find((span) => span.name === 'execute_tool get_local_time')?.attributes['gen_ai.tool.call.id'],
    ).toBe(TIME_CALL_ID);
    // Capture is off by default: no arguments, results or messages.
    for (const span of spans) {
      expect(
        Object.keys(span.attributes).filter((key) =>
          /messages|arguments|result|genai_otel\.(in|out)put/.test(key),
        ),
      ).toEqual([]);
    }
    const duration = await histogram('gen_ai.client.operation.duration');
    expect(duration.reduce((total, point) => total + point.count, 0)).toBe(3);
  });

  it('records tool arguments, results and messages when content capture is on', async () => {
    queueToolAgentReplies(wire);
    await withContentCapture(true, () => scenarios.runToolAgent(lc, wire.baseURL));
    const spans = finishedSpans();
    const weather = spans.find((span) => span.name === 'execute_tool get_weather') as ReadableSpan;
    expect(JSON.parse(String(weather.attributes['gen_ai.tool.call.arguments']))).toMatchObject({
      city: 'Paris',
    });
    expect(weather.attributes['gen_ai.tool.call.result']).toBe('18°C and sunny in Paris');
    const chats = spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    expect(jsonAttribute(chats[0] as ReadableSpan, 'gen_ai.input.messages')).toEqual([
      {
        role: 'user',
        parts: [{ type: 'text', content: 'What is the weather and the local time in Paris?' }],
      },
    ]);
    expect(jsonAttribute(chats[0] as ReadableSpan, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: WEATHER_CALL_ID, name: 'get_weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    const thirdInput = jsonAttribute(chats[2] as ReadableSpan, 'gen_ai.input.messages') as Array<{
      role: string;
    }>;
    expect(thirdInput.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
    ]);
    expect(thirdInput[2]).toEqual({
      role: 'tool',
      name: 'get_weather',
      parts: [{ type: 'tool_call_response', id: WEATHER_CALL_ID, response: '18°C and sunny in Paris' }],
    });
    const definitions = jsonAttribute(chats[0] as ReadableSpan, 'gen_ai.tool.definitions') as Array<{
      name: string;
    }>;
    expect(definitions.map((definition) => definition.name)).toEqual(['get_weather', 'get_local_time']);
  });

  it('marks a failing tool as an error, and the agent carries on', async () => {
    queueFailingToolReplies(wire);
    const answer = await scenarios.runFailingToolAgent(lc, wire.baseURL);
    expect(answer).toBe('Sorry, I cannot reach the order service right now.');
    const spans = finishedSpans();
    const failed = spans.find((span) => span.name === 'execute_tool lookup_order') as ReadableSpan;
    expect(failed.status.code).toBe(2);
    expect(failed.status.message).toBe('order service unavailable');
    expect(failed.attributes['error.type']).toBe('OrderServiceError');
    expect(failed.events.map((event) => event.name)).toEqual(['exception']);
    const agent = spans.find((span) => span.name === 'invoke_agent order_helper') as ReadableSpan;
    expect(agent.status.code).toBe(0);
    expect(parentOf(failed, spans)).toBe(agent);
    expect(spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat')).toHaveLength(2);
  });
});
