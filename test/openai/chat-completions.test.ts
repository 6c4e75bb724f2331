import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  onlySpan,
  resetTelemetry,
  sleep,
} from '../support/instrumentation-telemetry';
import { chatCompletion, errorReply, startOpenAIWireServer } from '../support/openai-wire-server';
import { useInstrumentedOpenAI } from './support/instrumented-openai';

const { instrumentation, openai, server, client } = useInstrumentedOpenAI();
const { OpenAI, AzureOpenAI } = openai;

const ROUTE = 'POST /v1/chat/completions';

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('chat.completions.create (openai 7, module hook)', () => {
  it('records request parameters, response, usage and metrics on one CLIENT span', async () => {
    // Draft-only attributes included (docs/semconv-versions.md).
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'gen_ai_latest_experimental');
    server.enqueue(ROUTE, {
      kind: 'json',
      body: chatCompletion({
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ content: '{"ocean":"Atlantic"}' }, { content: '{"ocean":"Atl', finishReason: 'length' }],
        usage: { prompt: 1200, completion: 96, cached: 1024, reasoning: 64 },
        serviceTier: 'default',
      }),
    });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Which ocean contains Bouvet Island? Answer in JSON.' }],
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 100,
      seed: 42,
      stop: ['\n\n'],
      frequency_penalty: 0.1,
      presence_penalty: -0.1,
      n: 2,
      reasoning_effort: 'low',
      service_tier: 'auto',
      response_format: { type: 'json_object' },
    });

    expect(completion.choices[0]?.message.content).toBe('{"ocean":"Atlantic"}');
    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.seed': 42,
      'gen_ai.request.stop_sequences': ['\n\n'],
      'gen_ai.request.frequency_penalty': 0.1,
      'gen_ai.request.presence_penalty': -0.1,
      'gen_ai.request.choice.count': 2,
      'gen_ai.output.type': 'json',
      'gen_ai.request.reasoning.level': 'low',
      'openai.api.type': 'chat_completions',
      'openai.request.service_tier': 'auto',
      'gen_ai.response.id': completion.id,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 96,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.reasoning.output_tokens': 64,
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': 'fp_560af6e559',
      // 176 uncached input × $0.15 + 1024 cached × $0.075 + 96 output × $0.60, per 1M tokens
      'genai_otel.cost.usd': expect.closeTo(0.0001608, 12),
      'genai_otel.cost.input_usd': expect.closeTo(0.0001032, 12),
      'genai_otel.cost.output_usd': expect.closeTo(0.0000576, 12),
      'genai_otel.cost.source': 'genai-prices',
    });

    // What the metric conventions list: the service tier on duration and token usage (OpenAI's
    // refinement), never the system fingerprint (every new fingerprint would start a new series).
    const metricAttributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'server.address': '127.0.0.1',
      'server.port': server.port,
    };
    const [duration] = await histogram('gen_ai.client.operation.duration');
    expect(duration?.attributes).toEqual({ ...metricAttributes, 'openai.response.service_tier': 'default' });
    expect(duration?.count).toBe(1);
    expect(duration?.boundaries).toEqual([
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]);
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.every((point) => point.attributes['openai.response.service_tier'] === 'default')).toBe(
      true,
    );
    expect(tokens.map((point) => [point.attributes['gen_ai.token.type'], point.sum])).toEqual([
      ['input', 1200],
      ['output', 96],
    ]);
    expect(tokens[0]?.boundaries[0]).toBe(1);
    expect(tokens[0]?.boundaries.at(-1)).toBe(67108864);
    expect(await histogram('gen_ai.client.operation.time_to_first_chunk')).toEqual([]);
  });

  it('records no message content unless capture is on', async () => {
    server.enqueue(ROUTE, { kind: 'json', body: chatCompletion() });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'secret system prompt' },
        { role: 'user', content: 'secret question' },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const attributes = JSON.stringify(onlySpan().attributes);
    expect(attributes).not.toContain('secret');
    expect(onlySpan().attributes['gen_ai.input.messages']).toBeUndefined();
    expect(onlySpan().attributes['gen_ai.output.messages']).toBeUndefined();
    expect(onlySpan().attributes['gen_ai.tool.definitions']).toBeUndefined();
  });

  it('records input, output and tool definitions in the parts shape when capture is on', async () => {
    server.enqueue(ROUTE, {
      kind: 'json',
      body: chatCompletion({
        choices: [
          {
            toolCalls: [
              { id: 'call_weather1', name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' },
            ],
          },
        ],
      }),
    });
    const screenshot = `data:image/png;base64,${'iVBORw0KGgo'.repeat(200_000)}`;
    await withContentCapture(true, () =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You are a weather bot.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this and what is the weather?' },
              { type: 'image_url', image_url: { url: screenshot } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            ],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_old',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_old', content: '-3 C, snow' },
        ],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'Current weather for a city',
              parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            },
          },
        ],
      }),
    );
    const span = onlySpan();
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a weather bot.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is this and what is the weather?' },
          {
            type: 'blob',
            modality: 'image',
            mime_type: 'image/png',
            content: '[base64 elided: 2200000 chars]',
          },
          { type: 'uri', modality: 'image', uri: 'https://example.com/cat.jpg' },
        ],
      },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_old', name: 'get_weather', arguments: { city: 'Oslo' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_old', response: '-3 C, snow' }] },
    ]);
    expect(String(span.attributes['gen_ai.input.messages']).length).toBeLessThan(2000);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: 'call_weather1',
            name: 'get_weather',
            arguments: { city: 'Paris', unit: 'c' },
          },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    expect(jsonAttribute(span, 'gen_ai.tool.definitions')).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ]);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(span.attributes['gen_ai.system_instructions']).toBeUndefined();
  });

  it('is a child of the active span', async () => {
    server.enqueue(ROUTE, { kind: 'json', body: chatCompletion() });
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('agent turn', async (parent) => {
      await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      });
      parent.end();
    });
    const [chat, parent] = finishedSpans();
    expect(chat?.name).toBe('chat gpt-4o-mini');
    expect(chat?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
  });

  it('keeps .withResponse(), .asResponse() and _request_id working', async () => {
    server.enqueue(ROUTE, { kind: 'json', body: chatCompletion() }, { kind: 'json', body: chatCompletion() });
    const { data, response, request_id } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('openai-processing-ms')).toBe('412');
    expect((data as { _request_id?: string | null })._request_id).toBe(request_id);
    expect(onlySpan().attributes['gen_ai.response.id']).toBe(data.id);

    // asResponse() must leave the body unread for the caller.
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 50 });
    const raw = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .asResponse();
    const body = (await raw.json()) as { object: string };
    expect(body.object).toBe('chat.completion');
    await sleep(120);
    const spans = finishedSpans();
    expect(spans).toHaveLength(2);
    expect(spans[1]?.attributes['genai_otel.response.unconsumed']).toBe(true);
  });

  it('records one span for .parse() with structured output type json', async () => {
    server.enqueue(ROUTE, {
      kind: 'json',
      body: chatCompletion({ choices: [{ content: '{"ocean":"Atlantic"}' }] }),
    });
    const parsed = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Which ocean?' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          strict: true,
          schema: {
            type: 'object',
            properties: { ocean: { type: 'string' } },
            required: ['ocean'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(parsed.choices[0]?.message.parsed).toEqual({ ocean: 'Atlantic' });
    expect(onlySpan().attributes['gen_ai.output.type']).toBe('json');
  });

  it('reports Azure OpenAI clients as azure.ai.openai', async () => {
    server.setHandler((request) =>
      request.path.endsWith('/chat/completions') ? { kind: 'json', body: chatCompletion() } : undefined,
    );
    try {
      const azure = new AzureOpenAI({
        endpoint: server.url,
        apiKey: 'azure-key',
        apiVersion: '2024-10-21',
        deployment: 'gpt-4o-mini',
      });
      await azure.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      });
    } finally {
      server.setHandler(undefined);
    }
    expect(server.requests[0]?.path).toBe('/openai/deployments/gpt-4o-mini/chat/completions');
    expect(onlySpan().attributes['gen_ai.provider.name']).toBe('azure.ai.openai');
  });
});

describe('errors', () => {
  it('records a 400 as ERROR with error.type, an exception event and the duration metric', async () => {
    server.enqueue(ROUTE, errorReply(400));
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 7 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const span = onlySpan();
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: expect.stringContaining("Invalid value for 'temperature'"),
    });
    expect(span.attributes['error.type']).toBe('BadRequestError');
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.events[0]?.attributes?.['exception.type']).toBeDefined();
    const [duration] = await histogram('gen_ai.client.operation.duration');
    expect(duration?.attributes['error.type']).toBe('BadRequestError');
    expect(await histogram('gen_ai.client.token.usage')).toEqual([]);
  });

  it('keeps SDK retries (429, then 200) inside one span', async () => {
    server.enqueue(ROUTE, errorReply(429), { kind: 'json', body: chatCompletion() });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(server.requests).toHaveLength(2);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(22);
  });

  it('records exhausted 500 retries as one ERROR span', async () => {
    server.enqueue(ROUTE, errorReply(500), errorReply(500), errorReply(500));
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(server.requests).toHaveLength(3);
    expect(onlySpan().attributes['error.type']).toBe('InternalServerError');
  });

  it('records a 429 without retries as RateLimitError', async () => {
    server.enqueue(ROUTE, errorReply(429));
    const noRetry = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, maxRetries: 0 });
    await expect(
      noRetry.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect(onlySpan().attributes['error.type']).toBe('RateLimitError');
  });

  it('records a refused connection as APIConnectionError', async () => {
    const closed = await startOpenAIWireServer();
    await closed.close();
    const unreachable = new OpenAI({ apiKey: 'sk-test', baseURL: closed.baseURL, maxRetries: 0 });
    await expect(
      unreachable.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('APIConnectionError');
    expect(span.attributes['server.port']).toBe(closed.port);
  });

  it('records a timeout as APIConnectionTimeoutError', async () => {
    server.enqueue(ROUTE, { kind: 'hang' });
    const impatient = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, maxRetries: 0, timeout: 100 });
    await expect(
      impatient.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(onlySpan().attributes['error.type']).toBe('APIConnectionTimeoutError');
  });

  it('records an AbortController abort before the response as APIUserAbortError', async () => {
    server.enqueue(ROUTE, { kind: 'hang' });
    const controller = new AbortController();
    const pending = client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [] },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(onlySpan().attributes['error.type']).toBe('APIUserAbortError');
  });
});
