import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  onlySpan,
  resetTelemetry,
} from '../support/instrumentation-telemetry';
import { type ResponseStreamSpec, response, responseEvents } from '../support/openai-wire-server';
import { useInstrumentedOpenAI } from './support/instrumented-openai';
import { requireFromRoot } from './support/load-openai';

const { instrumentation, openai, server, client } = useInstrumentedOpenAI();
const { OpenAI } = openai;
const { Stream } = requireFromRoot('openai/streaming') as typeof import('openai/streaming');

const ROUTE = 'POST /v1/responses';

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('responses.create', () => {
  it('records a chat span with Responses parameters, usage and openai.api.type', async () => {
    // Draft-only attributes included (docs/semconv-versions.md).
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'gen_ai_latest_experimental');
    server.enqueue(ROUTE, {
      kind: 'json',
      body: response({
        usage: { input: 2048, output: 300, cached: 1920, reasoning: 256 },
        conversationId: 'conv_68f1a2b3',
      }),
    });
    const result = await client.responses.create({
      model: 'gpt-4.1-mini',
      input: 'Which ocean contains Bouvet Island?',
      instructions: 'Answer in three words.',
      temperature: 0.3,
      top_p: 0.8,
      max_output_tokens: 512,
      reasoning: { effort: 'medium' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: false } },
      previous_response_id: 'resp_previous123',
      service_tier: 'auto',
    });
    expect(result.output_text).toBe('Atlantic Ocean.');
    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4.1-mini');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'openai.api.type': 'responses',
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.8,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.request.reasoning.level': 'medium',
      'gen_ai.output.type': 'json',
      'gen_ai.request.previous_response.id': 'resp_previous123',
      'openai.request.service_tier': 'auto',
      'gen_ai.response.id': result.id,
      'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.conversation.id': 'conv_68f1a2b3',
      'gen_ai.usage.input_tokens': 2048,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 1920,
      'gen_ai.usage.reasoning.output_tokens': 256,
      'openai.response.service_tier': 'default',
    });
    // Instructions are content: never recorded with capture off (a bug of the official instrumentation).
    expect(span.attributes['gen_ai.system_instructions']).toBeUndefined();
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
  });

  it('records instructions, input items, function calls and tools with capture on', async () => {
    server.enqueue(ROUTE, {
      kind: 'json',
      body: response({
        reasoningSummary: 'The user wants weather; call the tool.',
        functionCalls: [{ callId: 'call_w1', name: 'get_weather', arguments: '{"city":"Reykjavik"}' }],
      }),
    });
    await withContentCapture(true, () =>
      client.responses.create({
        model: 'o4-mini',
        instructions: 'You are terse.',
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'Weather in Reykjavik?' },
              { type: 'input_image', image_url: 'https://example.com/map.png', detail: 'auto' },
            ],
          },
          { type: 'function_call', call_id: 'call_prev', name: 'get_weather', arguments: '{"city":"Oslo"}' },
          { type: 'function_call_output', call_id: 'call_prev', output: '{"temp":-3}' },
        ],
        tools: [
          {
            type: 'function',
            name: 'get_weather',
            description: 'Weather by city',
            parameters: { type: 'object' },
            strict: false,
          },
          { type: 'web_search' },
        ],
      }),
    );
    const span = onlySpan();
    expect(jsonAttribute(span, 'gen_ai.system_instructions')).toEqual([
      { type: 'text', content: 'You are terse.' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'Weather in Reykjavik?' },
          { type: 'uri', modality: 'image', uri: 'https://example.com/map.png' },
        ],
      },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_prev', name: 'get_weather', arguments: { city: 'Oslo' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_prev', response: '{"temp":-3}' }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'The user wants weather; call the tool.' },
          { type: 'tool_call', id: 'call_w1', name: 'get_weather', arguments: { city: 'Reykjavik' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    expect(jsonAttribute(span, 'gen_ai.tool.definitions')).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather by city',
        parameters: { type: 'object' },
      },
      { type: 'web_search', name: 'web_search' },
    ]);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
  });

  it('maps an incomplete response (max_output_tokens) to finish reason length', async () => {
    server.enqueue(ROUTE, {
      kind: 'json',
      body: response({ status: 'incomplete', incompleteReason: 'max_output_tokens' }),
    });
    await client.responses.create({
      model: 'gpt-4.1-mini',
      input: 'Write a long essay.',
      max_output_tokens: 16,
    });
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['length']);
  });

  it('records a failed response as ERROR with the error code as error.type', async () => {
    server.enqueue(ROUTE, {
      kind: 'json',
      body: response({
        status: 'failed',
        error: { code: 'server_error', message: 'The model failed to generate a response.' },
      }),
    });
    await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi' });
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('server_error');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('records a 500 as InternalServerError', async () => {
    const noRetry = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, maxRetries: 0 });
    server.enqueue(ROUTE, {
      kind: 'json',
      status: 500,
      body: { error: { message: 'boom', type: 'server_error', code: null } },
    });
    await expect(noRetry.responses.create({ model: 'gpt-4.1-mini', input: 'hi' })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
    expect(onlySpan().attributes['error.type']).toBe('InternalServerError');
  });

  it('ends the span with the error when the SDK cannot parse the answer (output: null)', async () => {
    // The SDK's own output_text step throws on it; the span must not wait for the unconsumed timeout.
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 60_000 });
    server.enqueue(ROUTE, { kind: 'json', body: { ...response(), output: null } });
    await expect(client.responses.create({ model: 'gpt-4.1-mini', input: 'hi' })).rejects.toThrow(
      'not iterable',
    );
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.attributes['genai_otel.response.unconsumed']).toBeUndefined();
  });

  it('leaves a response read only through asResponse() unparsed and still traced', async () => {
    server.enqueue(ROUTE, { kind: 'json', body: response() });
    const raw = await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi' }).asResponse();
    expect(((await raw.json()) as { object: string }).object).toBe('response');
  });
});

describe('responses.create streaming', () => {
  it('follows events to response.completed: usage, finish reason, TTFC, SDK Stream with .withResponse()', async () => {
    server.enqueue(ROUTE, {
      kind: 'sse',
      events: responseEvents({ usage: { input: 40, output: 5, cached: 0, reasoning: 0 } }),
    });
    const { data: stream, request_id } = await client.responses
      .create({ model: 'gpt-4.1-mini', input: 'Which ocean?', stream: true })
      .withResponse();
    expect(stream).toBeInstanceOf(Stream);
    expect(request_id).toMatch(/^req_/);
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    expect(text).toBe('Atlantic Ocean.');
    const span = onlySpan();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.response.id']).toMatch(/^resp_/);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(40);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect((await histogram('gen_ai.client.operation.time_to_first_chunk'))[0]?.count).toBe(1);
  });

  it.each([
    ['a message', {}, ['stop'], 'text'],
    [
      'a function call',
      { functionCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      ['tool_call'],
      'tool_call',
    ],
  ] as Array<[string, ResponseStreamSpec, string[], string]>)(
    'derives finish reason and output from %s when response.completed has no status',
    async (_what, spec, finishReasons, partType) => {
      const events = responseEvents(spec);
      const completed = events.at(-1)?.data as { type: string; response: Record<string, unknown> };
      expect(completed.type).toBe('response.completed');
      delete completed.response.status;
      server.enqueue(ROUTE, { kind: 'sse', events });
      await withContentCapture(true, async () => {
        const stream = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', stream: true });
        for await (const _event of stream) {
          // drain
        }
      });
      const span = onlySpan();
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(finishReasons);
      const output = jsonAttribute(span, 'gen_ai.output.messages') as Array<{
        finish_reason: string;
        parts: Array<{ type: string }>;
      }>;
      expect(output).toHaveLength(1);
      expect(output[0]?.finish_reason).toBe(finishReasons[0]);
      expect(output[0]?.parts.map((part) => part.type)).toContain(partType);
    },
  );

  it('keeps the partial output and finish reason error when the consumer breaks', async () => {
    server.enqueue(ROUTE, {
      kind: 'sse',
      events: responseEvents({ deltas: ['Atl', 'antic', ' Ocean', '.'] }),
      delayMs: 3,
    });
    await withContentCapture(true, async () => {
      const stream = await client.responses.create({
        model: 'gpt-4.1-mini',
        input: 'Which ocean?',
        stream: true,
      });
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta' && event.delta === 'antic') break;
      }
    });
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(span.attributes['gen_ai.response.id']).toMatch(/^resp_/);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Atlantic' }], finish_reason: 'error' },
    ]);
  });

  it('does not mutate the events the caller receives', async () => {
    server.enqueue(ROUTE, { kind: 'sse', events: responseEvents() });
    const items: unknown[] = [];
    await withContentCapture(true, async () => {
      const stream = await client.responses.create({
        model: 'gpt-4.1-mini',
        input: 'Which ocean?',
        stream: true,
      });
      for await (const event of stream)
        if (event.type === 'response.output_item.added') items.push(event.item);
    });
    expect(items).toEqual([expect.objectContaining({ type: 'message', content: [] })]);
  });

  it('follows the responses.stream() helper in one span', async () => {
    server.enqueue(ROUTE, { kind: 'sse', events: responseEvents() });
    const runner = client.responses.stream({ model: 'gpt-4.1-mini', input: 'Which ocean?' });
    const final = await runner.finalResponse();
    expect(final.output_text).toBe('Atlantic Ocean.');
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(87);
  });
});

describe('gen_ai.conversation.id of Responses calls', () => {
  it('is the first response of a previous_response_id chain, streamed or not', async () => {
    server.enqueue(ROUTE, { kind: 'json', body: response({ id: 'resp_chain_first' }) });
    server.enqueue(ROUTE, { kind: 'json', body: response({ id: 'resp_chain_second' }) });
    server.enqueue(ROUTE, { kind: 'sse', events: responseEvents({ id: 'resp_chain_third' }) });
    const first = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Hi' });
    const second = await client.responses.create({
      model: 'gpt-4.1-mini',
      input: 'And then?',
      previous_response_id: first.id,
    });
    const stream = await client.responses.create({
      model: 'gpt-4.1-mini',
      input: 'And finally?',
      previous_response_id: second.id,
      stream: true,
    });
    for await (const _event of stream) {
      // drain
    }
    const conversationIds = finishedSpans().map((span) => span.attributes['gen_ai.conversation.id']);
    // The first call does not know yet that it starts a conversation; nothing is made up for it.
    expect(conversationIds).toEqual([undefined, 'resp_chain_first', 'resp_chain_first']);
  });

  it('is the previous response when this process did not see the chain start, and the conversation when given', async () => {
    server.enqueue(ROUTE, { kind: 'json', body: response() });
    server.enqueue(ROUTE, { kind: 'json', body: response({ conversationId: 'conv_given' }) });
    await client.responses.create({
      model: 'gpt-4.1-mini',
      input: 'Hi',
      previous_response_id: 'resp_elsewhere',
    });
    await client.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', conversation: 'conv_given' });
    expect(finishedSpans().map((span) => span.attributes['gen_ai.conversation.id'])).toEqual([
      'resp_elsewhere',
      'conv_given',
    ]);
  });
});
