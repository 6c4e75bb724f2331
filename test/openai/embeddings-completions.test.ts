import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { histogram, jsonAttribute, onlySpan, resetTelemetry } from '../support/instrumentation-telemetry';
import { chatCompletionChunks, embeddingList, textCompletion } from '../support/openai-wire-server';
import { useInstrumentedOpenAI } from './support/instrumented-openai';

const { instrumentation, server, client } = useInstrumentedOpenAI();

beforeEach(() => {
  resetTelemetry([instrumentation]);
});

describe('embeddings.create', () => {
  it('records an embeddings span with dimension count and input tokens only', async () => {
    server.enqueue('POST /v1/embeddings', {
      kind: 'json',
      body: embeddingList({ count: 2, dimensions: 16, promptTokens: 9 }),
    });
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['Bouvet Island', 'Atlantic Ocean'],
      encoding_format: 'float',
    });
    expect(result.data[0]?.embedding).toHaveLength(16);
    const span = onlySpan();
    expect(span.name).toBe('embeddings text-embedding-3-small');
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'gen_ai.request.encoding_formats': ['float'],
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.embeddings.dimension.count': 16,
      'gen_ai.usage.input_tokens': 9,
      'genai_otel.cost.usd': expect.closeTo(1.8e-7, 15), // 9 tokens × $0.02 per 1M
      'genai_otel.cost.input_usd': expect.closeTo(1.8e-7, 15),
      'genai_otel.cost.output_usd': 0,
      'genai_otel.cost.source': 'genai-prices',
    });
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => point.attributes['gen_ai.token.type'])).toEqual(['input']);
  });

  it('lets the SDK decode its default base64 encoding before we count dimensions', async () => {
    const vector = new Float32Array([0.25, -0.5, 0.75]);
    server.enqueue('POST /v1/embeddings', {
      kind: 'json',
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: Buffer.from(vector.buffer).toString('base64') }],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 3, total_tokens: 3 },
      },
    });
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
    expect(result.data[0]?.embedding).toEqual([0.25, -0.5, 0.75]);
    expect(onlySpan().attributes['gen_ai.embeddings.dimension.count']).toBe(3);
    expect(onlySpan().attributes['gen_ai.request.encoding_formats']).toBeUndefined();
  });
});

describe('completions.create (legacy)', () => {
  it('records a text_completion span with prompt and completion when capture is on', async () => {
    server.enqueue('POST /v1/completions', {
      kind: 'json',
      body: textCompletion({ finishReason: 'length' }),
    });
    await withContentCapture(true, () =>
      client.completions.create({
        model: 'gpt-3.5-turbo-instruct',
        prompt: 'Bouvet Island is in the',
        max_tokens: 5,
        temperature: 0,
      }),
    );
    const span = onlySpan();
    expect(span.name).toBe('text_completion gpt-3.5-turbo-instruct');
    expect(span.attributes['gen_ai.request.max_tokens']).toBe(5);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['length']);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(5);
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Bouvet Island is in the' }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: '\n\nAtlantic Ocean.' }],
        finish_reason: 'length',
      },
    ]);
  });

  it('follows a streamed legacy completion', async () => {
    const events = chatCompletionChunks({ includeUsage: true }).map((event) => {
      if (event.data === '[DONE]') return event;
      const chunk = event.data as {
        choices: Array<{ index: number; delta?: { content?: string }; finish_reason: string | null }>;
      };
      return {
        data: {
          ...chunk,
          object: 'text_completion',
          choices: chunk.choices.map((choice) => ({
            index: choice.index,
            text: choice.delta?.content ?? '',
            logprobs: null,
            finish_reason: choice.finish_reason,
          })),
        },
      };
    });
    server.enqueue('POST /v1/completions', { kind: 'sse', events });
    await withContentCapture(true, async () => {
      const stream = await client.completions.create({
        model: 'gpt-3.5-turbo-instruct',
        prompt: 'Bouvet Island is in the',
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const _ of stream);
    });
    const span = onlySpan();
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(22);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Atlantic Ocean.' }], finish_reason: 'stop' },
    ]);
  });
});
