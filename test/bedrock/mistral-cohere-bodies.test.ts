import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { bedrockRoute, chunk, eventStream, invokeBody } from '../support/bedrock-wire-server';
import { jsonAttribute, onlySpan, resetTelemetry } from '../support/instrumentation-telemetry';
import { useInstrumentedBedrock } from './support/instrumented-bedrock';

const { instrumentation, bedrock, server, client } = useInstrumentedBedrock();

const MISTRAL_LARGE = 'mistral.mistral-large-2407-v1:0';
const MIXTRAL = 'mistral.mixtral-8x7b-instruct-v0:1';
const COMMAND_R = 'cohere.command-r-plus-v1:0';
const COMMAND = 'cohere.command-text-v14';

function invoke(modelId: string, body: unknown) {
  return client.send(
    new bedrock.InvokeModelCommand({ modelId, contentType: 'application/json', body: JSON.stringify(body) }),
  );
}

async function invokeStream(modelId: string, body: unknown): Promise<number> {
  const response = await client.send(
    new bedrock.InvokeModelWithResponseStreamCommand({
      modelId,
      contentType: 'application/json',
      body: JSON.stringify(body),
    }),
  );
  let chunks = 0;
  for await (const event of response.body ?? []) if (event.chunk) chunks++;
  return chunks;
}

beforeEach(() => resetTelemetry([instrumentation]));

describe('Mistral AI InvokeModel bodies', () => {
  it('chat completion: config, tool definitions and calls, finish reason, content', async () => {
    server.enqueue(
      bedrockRoute(MISTRAL_LARGE, 'invoke'),
      invokeBody(
        {
          id: 'cmpl-8b1a',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: '',
                tool_calls: [
                  { id: 'call_k3', function: { name: 'capital_of', arguments: '{"country":"Norway"}' } },
                ],
              },
              stop_reason: 'tool_calls',
            },
          ],
        },
        { 'x-amzn-bedrock-input-token-count': '25', 'x-amzn-bedrock-output-token-count': '9' },
      ),
    );
    await withContentCapture(true, () =>
      invoke(MISTRAL_LARGE, {
        messages: [
          { role: 'system', content: 'Use the tools.' },
          { role: 'user', content: 'Capital of Norway?' },
        ],
        tools: [
          {
            type: 'function',
            function: { name: 'capital_of', description: 'Capital city', parameters: { type: 'object' } },
          },
        ],
        max_tokens: 200,
        temperature: 0.3,
        top_p: 0.8,
      }),
    );
    const span = onlySpan();
    expect(span.name).toBe(`chat ${MISTRAL_LARGE}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.8,
      'gen_ai.response.id': 'cmpl-8b1a',
      'gen_ai.response.finish_reasons': ['tool_call'],
      // The body has no counts: Bedrock's x-amzn-bedrock-*-token-count headers give them.
      'gen_ai.usage.input_tokens': 25,
      'gen_ai.usage.output_tokens': 9,
    });
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Use the tools.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Capital of Norway?' }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.tool.definitions')).toEqual([
      { type: 'function', name: 'capital_of', description: 'Capital city', parameters: { type: 'object' } },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        finish_reason: 'tool_call',
        parts: [{ type: 'tool_call', id: 'call_k3', name: 'capital_of', arguments: { country: 'Norway' } }],
      },
    ]);
  });

  it('text completion: prompt, stop, top_k; outputs[0] text and stop reason', async () => {
    server.enqueue(
      bedrockRoute(MIXTRAL, 'invoke'),
      invokeBody({ outputs: [{ text: ' Oslo.', stop_reason: 'length' }] }),
    );
    await withContentCapture(true, () =>
      invoke(MIXTRAL, {
        prompt: '<s>[INST] Capital of Norway? [/INST]',
        max_tokens: 4,
        stop: ['</s>'],
        top_k: 30,
      }),
    );
    const span = onlySpan();
    expect(span.name).toBe(`text_completion ${MIXTRAL}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.max_tokens': 4,
      'gen_ai.request.top_k': 30,
      'gen_ai.request.stop_sequences': ['</s>'],
      'gen_ai.response.finish_reasons': ['length'],
    });
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', finish_reason: 'length', parts: [{ type: 'text', content: ' Oslo.' }] },
    ]);
  });

  it('chat stream: text pieces joined, stop reason, usage from the invocation metrics', async () => {
    server.enqueue(
      bedrockRoute(MISTRAL_LARGE, 'invoke-with-response-stream'),
      eventStream([
        chunk({ choices: [{ index: 0, message: { role: 'assistant', content: 'Os' }, stop_reason: null }] }),
        chunk({
          choices: [{ index: 0, message: { role: 'assistant', content: 'lo.' }, stop_reason: 'stop' }],
          'amazon-bedrock-invocationMetrics': { inputTokenCount: 11, outputTokenCount: 3 },
        }),
      ]),
    );
    const chunks = await withContentCapture(true, () =>
      invokeStream(MISTRAL_LARGE, { messages: [{ role: 'user', content: 'Capital of Norway?' }] }),
    );
    expect(chunks).toBe(2);
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 3,
    });
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text', content: 'Oslo.' }] },
    ]);
  });
});

describe('Cohere InvokeModel bodies', () => {
  it('Command R: chat history, preamble, tool results; text, finish reason, response id', async () => {
    server.enqueue(
      bedrockRoute(COMMAND_R, 'invoke'),
      invokeBody({
        response_id: '2f1c3a70-9c2e',
        generation_id: '5d1e',
        text: 'Oslo is the capital of Norway.',
        finish_reason: 'MAX_TOKENS',
        chat_history: [],
      }),
    );
    await withContentCapture(true, () =>
      invoke(COMMAND_R, {
        message: 'And its capital?',
        chat_history: [
          { role: 'USER', message: 'Name a Nordic country.' },
          { role: 'CHATBOT', message: 'Norway.' },
        ],
        preamble: 'Answer briefly.',
        tool_results: [
          { call: { name: 'lookup', parameters: { q: 'Norway' } }, outputs: [{ capital: 'Oslo' }] },
        ],
        max_tokens: 12,
        temperature: 0.1,
        p: 0.75,
        k: 5,
        stop_sequences: ['END'],
        seed: 7,
      }),
    );
    const span = onlySpan();
    expect(span.name).toBe(`chat ${COMMAND_R}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.max_tokens': 12,
      'gen_ai.request.temperature': 0.1,
      'gen_ai.request.top_p': 0.75,
      'gen_ai.request.top_k': 5,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.seed': 7,
      'gen_ai.response.id': '2f1c3a70-9c2e',
      'gen_ai.response.finish_reasons': ['length'],
    });
    expect(jsonAttribute(span, 'gen_ai.system_instructions')).toEqual([
      { type: 'text', content: 'Answer briefly.' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Name a Nordic country.' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Norway.' }] },
      {
        role: 'tool',
        parts: [{ type: 'tool_call_response', name: 'lookup', response: [{ capital: 'Oslo' }] }],
      },
      { role: 'user', parts: [{ type: 'text', content: 'And its capital?' }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        finish_reason: 'length',
        parts: [{ type: 'text', content: 'Oslo is the capital of Norway.' }],
      },
    ]);
  });

  it('Command R stream: text-generation pieces, stream-end finish reason, invocation metrics', async () => {
    server.enqueue(
      bedrockRoute(COMMAND_R, 'invoke-with-response-stream'),
      eventStream([
        chunk({ is_finished: false, event_type: 'stream-start', generation_id: '5d1e' }),
        chunk({ is_finished: false, event_type: 'text-generation', text: 'Oslo' }),
        chunk({ is_finished: false, event_type: 'text-generation', text: '.' }),
        chunk({
          is_finished: true,
          event_type: 'stream-end',
          finish_reason: 'COMPLETE',
          response: { response_id: 'r-9', text: 'Oslo.', finish_reason: 'COMPLETE' },
          'amazon-bedrock-invocationMetrics': { inputTokenCount: 9, outputTokenCount: 2 },
        }),
      ]),
    );
    await withContentCapture(true, () => invokeStream(COMMAND_R, { message: 'Capital of Norway?' }));
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.response.id': 'r-9',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 2,
    });
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text', content: 'Oslo.' }] },
    ]);
  });

  it('Command (text): prompt, p, k; generations[0] text and finish reason', async () => {
    server.enqueue(
      bedrockRoute(COMMAND, 'invoke'),
      invokeBody({ id: 'g-1', generations: [{ id: 'g-1-0', text: 'Oslo.', finish_reason: 'ERROR_TOXIC' }] }),
    );
    await invoke(COMMAND, { prompt: 'Capital of Norway?', max_tokens: 10, p: 0.5, k: 3 });
    expect(onlySpan().name).toBe(`text_completion ${COMMAND}`);
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.request.max_tokens': 10,
      'gen_ai.request.top_p': 0.5,
      'gen_ai.request.top_k': 3,
      'gen_ai.response.finish_reasons': ['content_filter'],
    });
    expect(onlySpan().attributes['gen_ai.output.messages']).toBeUndefined();
  });
});

describe('InvokeModel of a family whose body is not read', () => {
  it("still records the model id and Bedrock's token-count headers", async () => {
    const model = 'ai21.jamba-1-5-mini-v1:0';
    server.enqueue(
      bedrockRoute(model, 'invoke'),
      invokeBody(
        { id: 'j-1', choices: [{ index: 0, message: { role: 'assistant', content: 'Oslo.' } }] },
        { 'x-amzn-bedrock-input-token-count': '17', 'x-amzn-bedrock-output-token-count': '3' },
      ),
    );
    const response = await invoke(model, { messages: [{ role: 'user', content: 'Capital of Norway?' }] });
    // The counts ride on the output under a non-enumerable symbol: a copy of it shows nothing.
    expect(Object.getOwnPropertySymbols({ ...response })).toEqual([]);
    expect(onlySpan().name).toBe(`chat ${model}`);
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 17,
      'gen_ai.usage.output_tokens': 3,
    });
  });
});
