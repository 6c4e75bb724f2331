import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { bedrockRoute, chunk, eventStream, invokeBody } from '../support/bedrock-wire-server';
import { jsonAttribute, onlySpan, resetTelemetry } from '../support/instrumentation-telemetry';
import { useInstrumentedBedrock } from './support/instrumented-bedrock';

const { instrumentation, bedrock, server, client } = useInstrumentedBedrock();

const CLAUDE = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const CLAUDE_PROFILE_ARN = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${CLAUDE}`;

function invoke(modelId: string, body: unknown, extra: Record<string, unknown> = {}) {
  return client.send(
    new bedrock.InvokeModelCommand({
      modelId,
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify(body),
      ...extra,
    }),
  );
}

async function invokeStream(modelId: string, body: unknown): Promise<string[]> {
  const response = await client.send(
    new bedrock.InvokeModelWithResponseStreamCommand({
      modelId,
      contentType: 'application/json',
      body: JSON.stringify(body),
    }),
  );
  const chunks: string[] = [];
  for await (const event of response.body ?? []) {
    if (event.chunk?.bytes) chunks.push(new TextDecoder().decode(event.chunk.bytes));
  }
  return chunks;
}

const CLAUDE_REQUEST = {
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 300,
  temperature: 0.5,
  top_k: 50,
  system: 'Answer in one sentence.',
  messages: [{ role: 'user', content: 'What is the capital of Norway?' }],
};

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

describe('InvokeModelCommand', () => {
  it('reads a Claude Messages body: config, id, model, usage with cache tokens, content', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE_PROFILE_ARN, 'invoke'),
      invokeBody(
        {
          id: 'msg_bdrk_01XFDUDYJgAACzvnptvVoYEL',
          type: 'message',
          role: 'assistant',
          model: 'claude-3-5-haiku-20241022',
          content: [{ type: 'text', text: 'Oslo is the capital of Norway.' }],
          stop_reason: 'end_turn',
          usage: {
            input_tokens: 20,
            cache_read_input_tokens: 100,
            cache_creation_input_tokens: 0,
            output_tokens: 9,
          },
        },
        { 'x-amzn-bedrock-input-token-count': '120', 'x-amzn-bedrock-output-token-count': '9' },
      ),
    );
    const response = await withContentCapture(true, () =>
      invoke(CLAUDE_PROFILE_ARN, CLAUDE_REQUEST, { guardrailIdentifier: 'gr-1', guardrailVersion: 'DRAFT' }),
    );
    expect(JSON.parse(new TextDecoder().decode(response.body)).id).toBe('msg_bdrk_01XFDUDYJgAACzvnptvVoYEL');
    const span = onlySpan();
    expect(span.name).toBe(`chat ${CLAUDE_PROFILE_ARN}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.max_tokens': 300,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.top_k': 50,
      'aws.bedrock.guardrail.id': 'gr-1',
      'gen_ai.response.id': 'msg_bdrk_01XFDUDYJgAACzvnptvVoYEL',
      'gen_ai.response.model': 'claude-3-5-haiku-20241022',
      'gen_ai.response.finish_reasons': ['stop'],
      // The Anthropic instrumentation's mapping reads the body: its attributes come along.
      'anthropic.message.stop_reason': 'end_turn',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.cache_read.input_tokens': 100,
      'gen_ai.usage.output_tokens': 9,
    });
    expect(jsonAttribute(span, 'gen_ai.system_instructions')).toEqual([
      { type: 'text', content: 'Answer in one sentence.' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'What is the capital of Norway?' }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        finish_reason: 'stop',
        parts: [{ type: 'text', content: 'Oslo is the capital of Norway.' }],
      },
    ]);
  });

  it('reports content_filter when a guardrail intervened (amazon-bedrock-guardrailAction)', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'invoke'),
      invokeBody({
        id: 'msg_bdrk_guarded',
        type: 'message',
        role: 'assistant',
        content: [{ type: 'text', text: 'Sorry, I cannot answer that.' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 12, output_tokens: 7 },
        'amazon-bedrock-guardrailAction': 'INTERVENED',
      }),
    );
    await withContentCapture(true, () =>
      invoke(CLAUDE, CLAUDE_REQUEST, { guardrailIdentifier: 'gr-1', guardrailVersion: '1' }),
    );
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'aws.bedrock.guardrail.id': 'gr-1',
      'gen_ai.response.finish_reasons': ['content_filter'],
      'anthropic.message.stop_reason': 'end_turn',
    });
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        finish_reason: 'content_filter',
        parts: [{ type: 'text', content: 'Sorry, I cannot answer that.' }],
      },
    ]);
  });

  it('reads Amazon Titan Text and Meta Llama bodies as text completions', async () => {
    server.enqueue(
      bedrockRoute('amazon.titan-text-express-v1', 'invoke'),
      invokeBody({
        inputTextTokenCount: 7,
        results: [{ tokenCount: 12, outputText: 'Oslo.', completionReason: 'LENGTH' }],
      }),
    );
    server.enqueue(
      bedrockRoute('meta.llama3-1-8b-instruct-v1:0', 'invoke'),
      invokeBody({
        generation: 'Oslo.',
        prompt_token_count: 16,
        generation_token_count: 3,
        stop_reason: 'stop',
      }),
    );
    await invoke('amazon.titan-text-express-v1', {
      inputText: 'Capital of Norway?',
      textGenerationConfig: { maxTokenCount: 12, temperature: 0, topP: 1, stopSequences: ['User:'] },
    });
    const titan = onlySpan();
    expect(titan.name).toBe('text_completion amazon.titan-text-express-v1');
    expect(titan.attributes).toMatchObject({
      'gen_ai.request.max_tokens': 12,
      'gen_ai.request.stop_sequences': ['User:'],
      'gen_ai.response.finish_reasons': ['length'],
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.output_tokens': 12,
    });
    resetTelemetry([instrumentation]);
    await invoke('meta.llama3-1-8b-instruct-v1:0', {
      prompt: 'Capital of Norway?',
      max_gen_len: 64,
      top_p: 0.9,
    });
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 16,
      'gen_ai.usage.output_tokens': 3,
      // Priced from the price database (provider `aws`): 16 × $0.22/M + 3 × $0.22/M.
      'genai_otel.cost.source': 'genai-prices',
    });
    expect(onlySpan().attributes['genai_otel.cost.usd']).toBeCloseTo(0.00000418, 12);
  });

  it('reads an Amazon Nova body (Converse shapes, its own inferenceConfig names)', async () => {
    server.enqueue(
      bedrockRoute('us.amazon.nova-pro-v1:0', 'invoke'),
      invokeBody({
        output: { message: { role: 'assistant', content: [{ text: 'Oslo.' }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
      }),
    );
    await invoke('us.amazon.nova-pro-v1:0', {
      schemaVersion: 'messages-v1',
      messages: [{ role: 'user', content: [{ text: 'Capital of Norway?' }] }],
      inferenceConfig: { max_new_tokens: 50, top_k: 20 },
    });
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.top_k': 20,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 2,
    });
  });
});

describe('InvokeModelCommand with an embeddings model', () => {
  it('reads an Amazon Titan Embeddings body: embeddings span, input tokens, dimensions', async () => {
    const model = 'amazon.titan-embed-text-v2:0';
    server.enqueue(
      bedrockRoute(model, 'invoke'),
      invokeBody({ embedding: Array.from({ length: 256 }, (_, i) => i / 256), inputTextTokenCount: 6 }),
    );
    await invoke(model, { inputText: 'Bouvet Island', dimensions: 256, embeddingTypes: ['float'] });
    const span = onlySpan();
    expect(span.name).toBe(`embeddings ${model}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.usage.input_tokens': 6,
      'gen_ai.embeddings.dimension.count': 256,
      'gen_ai.request.encoding_formats': ['float'],
    });
  });
});

describe('InvokeModelWithResponseStreamCommand', () => {
  it('follows a Claude stream in place: chunks reach the caller, usage from message events', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'invoke-with-response-stream'),
      eventStream([
        chunk({
          type: 'message_start',
          message: {
            id: 'msg_bdrk_01Stream',
            model: 'claude-3-5-haiku-20241022',
            role: 'assistant',
            content: [],
            usage: { input_tokens: 14, output_tokens: 1 },
          },
        }),
        chunk({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
        chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Oslo' } }),
        chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '.' } }),
        chunk({ type: 'content_block_stop', index: 0 }),
        chunk({ type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 4 } }),
        chunk({
          type: 'message_stop',
          'amazon-bedrock-invocationMetrics': {
            inputTokenCount: 14,
            outputTokenCount: 4,
            invocationLatency: 500,
            firstByteLatency: 200,
          },
        }),
      ]),
    );
    const chunks = await withContentCapture(true, () => invokeStream(CLAUDE, CLAUDE_REQUEST));
    expect(chunks).toHaveLength(7);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'msg_bdrk_01Stream',
      'gen_ai.response.finish_reasons': ['length'],
      'gen_ai.usage.input_tokens': 14,
      'gen_ai.usage.output_tokens': 4,
    });
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', finish_reason: 'length', parts: [{ type: 'text', content: 'Oslo.' }] },
    ]);
  });

  it('takes usage from amazon-bedrock-invocationMetrics for a Llama stream', async () => {
    server.enqueue(
      bedrockRoute('meta.llama3-1-8b-instruct-v1:0', 'invoke-with-response-stream'),
      eventStream([
        chunk({ generation: 'Os', prompt_token_count: null, generation_token_count: 1, stop_reason: null }),
        chunk({
          generation: 'lo.',
          prompt_token_count: null,
          generation_token_count: 3,
          stop_reason: 'stop',
          'amazon-bedrock-invocationMetrics': { inputTokenCount: 16, outputTokenCount: 3 },
        }),
      ]),
    );
    await invokeStream('meta.llama3-1-8b-instruct-v1:0', { prompt: 'Capital of Norway?' });
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 16,
      'gen_ai.usage.output_tokens': 3,
    });
  });

  it('records a throttlingException mid-stream as the span error', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'invoke-with-response-stream'),
      eventStream([
        chunk({ type: 'message_start', message: { id: 'msg_x', usage: { input_tokens: 3 } } }),
        { exception: 'throttlingException', message: 'Too many tokens, please wait before trying again.' },
      ]),
    );
    await expect(invokeStream(CLAUDE, CLAUDE_REQUEST)).rejects.toBeInstanceOf(bedrock.ThrottlingException);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('ThrottlingException');
  });
});
