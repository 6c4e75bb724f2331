import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { withAgent } from '../../src/tracing/genai-helpers';
import { withLLMCall } from '../../src/tracing/with-llm-call';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();

describe('withLLMCall', () => {
  it('records request, response, usage and metrics through the shared recorder', async () => {
    const text = await withContentCapture(true, () =>
      withLLMCall(
        {
          provider: 'ollama',
          model: 'llama3.2',
          temperature: 0,
          maxTokens: 64,
          input: 'Say hi',
          systemInstructions: 'Be brief.',
        },
        async (call) => {
          call.recordResponse({
            id: 'resp_1',
            model: 'llama3.2:3b',
            finishReasons: ['stop'],
            usage: { inputTokens: 12, outputTokens: 3, cacheReadInputTokens: 4, reasoningOutputTokens: 1 },
            output: 'Hi!',
          });
          return 'Hi!';
        },
      ),
    );
    expect(text).toBe('Hi!');
    const span = h.expectEndedOnce('chat llama3.2');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'ollama',
      'gen_ai.request.model': 'llama3.2',
      'gen_ai.request.temperature': 0,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.id': 'resp_1',
      'gen_ai.response.model': 'llama3.2:3b',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'gen_ai.usage.reasoning.output_tokens': 1,
    });
    expect(JSON.parse(span.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Say hi' }] },
    ]);
    expect(JSON.parse(span.attributes['gen_ai.system_instructions'] as string)).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hi!' }], finish_reason: 'stop' },
    ]);
    const { resourceMetrics } = await h.metricReader.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.map((metric) => metric.descriptor.name),
    );
    expect(names).toEqual(
      expect.arrayContaining(['gen_ai.client.operation.duration', 'gen_ai.client.token.usage']),
    );
  });

  it('records no content when capture is off', async () => {
    await withLLMCall({ provider: 'x', model: 'm', input: 'secret' }, async (call) => {
      call.recordResponse({ output: 'secret answer' });
      return 'secret answer';
    });
    const span = h.expectEndedOnce('chat m');
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span.attributes['gen_ai.output.messages']).toBeUndefined();
  });

  it('records errors with error.type and rethrows them', async () => {
    class RateLimitError extends Error {}
    const error = new RateLimitError('slow down');
    await expect(withLLMCall({ provider: 'x', model: 'm' }, async () => Promise.reject(error))).rejects.toBe(
      error,
    );
    const span = h.expectEndedOnce('chat m');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('RateLimitError');
  });

  it('follows a streamed answer to its end, as a child of the agent', async () => {
    const stream = withAgent({ name: 'bot' }, () =>
      withLLMCall({ provider: 'x', model: 'm', stream: true }, async function* (call) {
        for (const piece of ['He', 'llo']) {
          call.recordChunk();
          yield piece;
        }
        call.recordResponse({ finishReasons: ['stop'], usage: { inputTokens: 1, outputTokens: 2 } });
      }),
    );
    h.expectOpen('chat m');
    let text = '';
    for await (const piece of stream) text += piece;
    expect(text).toBe('Hello');
    const span = h.expectEndedOnce('chat m');
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(typeof span.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
    expect(span.parentSpanContext?.spanId).toBe(h.expectEndedOnce('invoke_agent bot').spanContext().spanId);
  });
});
