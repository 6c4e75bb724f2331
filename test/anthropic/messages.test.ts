import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { openInferenceScope } from '../../src/genai/inference-scope';
import { anthropicMessage, toolUse } from '../support/anthropic-wire-server';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  onlySpan,
  resetTelemetry,
} from '../support/instrumentation-telemetry';
import { clientFor } from './support/anthropic-clients';
import { useInstrumentedAnthropic } from './support/instrumented-anthropic';

const { instrumentation, server, client } = useInstrumentedAnthropic();

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
  instrumentation.enable();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const MODEL = 'claude-sonnet-4-6';
const MESSAGES = [{ role: 'user', content: 'Which ocean contains Bouvet Island?' }];
const CACHED_USAGE = {
  input: 21,
  output: 12,
  cacheRead: 1000,
  cacheWrite: 300,
  cacheWrite5m: 200,
  cacheWrite1h: 100,
};

describe('messages.create', () => {
  it('makes one chat span with request parameters, response, usage and finish reason', async () => {
    server.enqueue({ kind: 'message', body: anthropicMessage({ usage: CACHED_USAGE }) });
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['\n\nHuman:'],
      messages: MESSAGES,
    });
    expect(message.content[0].text).toContain('Atlantic');

    const span = onlySpan();
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.kind).toBe(2); // CLIENT
    expect(span.instrumentationScope.name).toBe('genai-otel/instrumentation-anthropic');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stop_sequences': ['\n\nHuman:'],
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'gen_ai.response.id': message.id,
      'gen_ai.response.model': MODEL,
      'gen_ai.response.finish_reasons': ['stop'],
      'anthropic.message.stop_reason': 'end_turn',
      // input + cache reads + cache writes, as the conventions ask.
      'gen_ai.usage.input_tokens': 1321,
      'gen_ai.usage.output_tokens': 12,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      // The released name (v1.41); the draft's cache_write name needs the opt-in.
      'gen_ai.usage.cache_creation.input_tokens': 300,
      'anthropic.usage.cache_creation.ephemeral_5m_input_tokens': 200,
      'anthropic.usage.cache_creation.ephemeral_1h_input_tokens': 100,
      'anthropic.response.service_tier': 'standard',
    });
    expect(span.attributes['gen_ai.request.stream']).toBeUndefined();
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    // Priced with Sonnet 4.6's input, cache-read and cache-write prices ($3, $0.30, $3.75 per Mtok).
    expect(span.attributes['genai_otel.cost.input_usd']).toBeCloseTo(
      21 * 3e-6 + 1000 * 0.3e-6 + 300 * 3.75e-6,
      9,
    );
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => [point.attributes['gen_ai.token.type'], point.sum])).toEqual([
      ['input', 1321],
      ['output', 12],
    ]);
    const [duration] = await histogram('gen_ai.client.operation.duration');
    expect(duration?.count).toBe(1);
    expect(duration?.attributes['gen_ai.provider.name']).toBe('anthropic');
  });

  it.each([
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_call'],
    ['refusal', 'content_filter'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'pause_turn'],
  ])('maps stop_reason %s to finish reason %s and keeps the raw value', async (stopReason, finishReason) => {
    server.enqueue({ kind: 'message', body: anthropicMessage({ stopReason }) });
    await client.messages.create({ model: MODEL, max_tokens: 64, messages: MESSAGES });
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual([finishReason]);
    expect(onlySpan().attributes['anthropic.message.stop_reason']).toBe(stopReason);
  });

  it('records thinking, tool choice, effort, output type and service tier from the request', async () => {
    // A draft-only attribute (docs/semconv-versions.md).
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'gen_ai_latest_experimental');
    server.enqueue({
      kind: 'message',
      body: anthropicMessage({ usage: { input: 40, output: 300, thinking: 250 } }),
    });
    await client.messages.create({
      model: MODEL,
      max_tokens: 2048,
      messages: MESSAGES,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tool_choice: { type: 'auto' },
      service_tier: 'auto',
      output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object' } } },
    });
    expect(onlySpan().attributes).toMatchObject({
      'anthropic.thinking.type': 'enabled',
      'anthropic.thinking.budget_tokens': 1024,
      'anthropic.request.tool_choice': 'auto',
      'anthropic.request.service_tier': 'auto',
      'gen_ai.request.reasoning.level': 'high',
      'gen_ai.output.type': 'json',
      'gen_ai.usage.reasoning.output_tokens': 250,
    });
  });

  it('keeps the APIPromise: withResponse() and parse() work, one span each', async () => {
    server.enqueue(
      { kind: 'message', body: anthropicMessage() },
      { kind: 'message', body: anthropicMessage() },
    );
    const { data, response, request_id } = await client.messages
      .create({ model: MODEL, max_tokens: 64, messages: MESSAGES })
      .withResponse();
    expect(data.type).toBe('message');
    expect(response.status).toBe(200);
    expect(request_id).toMatch(/^req_011C/);
    const parsed = await (
      client.messages as unknown as { parse(body: object): Promise<{ id: string }> }
    ).parse({
      model: MODEL,
      max_tokens: 64,
      messages: MESSAGES,
    });
    expect(finishedSpans().map((span) => span.attributes['gen_ai.response.id'])).toEqual([
      data.id,
      parsed.id,
    ]);
  });

  it('traces beta.messages.create, with the betas asked for', async () => {
    server.enqueue({ kind: 'message', body: anthropicMessage() });
    await client.beta.messages.create({
      model: MODEL,
      max_tokens: 64,
      messages: MESSAGES,
      betas: ['context-management-2025-06-27'],
    });
    expect(onlySpan().name).toBe(`chat ${MODEL}`);
    expect(onlySpan().attributes['anthropic.beta']).toEqual(['context-management-2025-06-27']);
    expect(server.requests[0]?.headers['anthropic-beta']).toBe('context-management-2025-06-27');
  });
});

describe('content capture', () => {
  const bigImage = 'iVBORw0KGgo'.padEnd(200_000, 'A');
  const weatherTool = toolUse('get_weather', { city: 'Oslo' });

  it('records system instructions, messages with every part type, tools and the output', async () => {
    server.enqueue({
      kind: 'message',
      body: anthropicMessage({
        stopReason: 'tool_use',
        content: [
          { type: 'thinking', thinking: 'The user wants the weather.', signature: 'EqQBCkYIBxgC' },
          { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' },
          { type: 'text', text: 'Let me check.' },
          weatherTool,
        ],
      }),
    });
    await withContentCapture(true, () =>
      client.messages.create({
        model: MODEL,
        max_tokens: 512,
        system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
        tools: [
          {
            name: 'get_weather',
            description: 'Weather for a city',
            input_schema: { type: 'object', properties: { city: { type: 'string' } } },
          },
          { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        ],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: bigImage } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/map.png' } },
              {
                type: 'document',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' },
              },
              { type: 'text', text: 'Weather where this is?' },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Earlier thought', signature: 'EqQB' },
              { type: 'redacted_thinking', data: 'EmwKAhgBEgy3' },
              { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Bergen' } },
            ],
          },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'Rain, 9°C' }],
          },
        ],
      }),
    );
    const span = onlySpan();
    expect(jsonAttribute(span, 'gen_ai.system_instructions')).toEqual([
      { type: 'text', content: 'You are terse.' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.tool.definitions')).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
      { type: 'web_search_20250305', name: 'web_search' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      {
        role: 'user',
        parts: [
          {
            type: 'blob',
            modality: 'image',
            mime_type: 'image/png',
            content: '[base64 elided: 200000 chars]',
          },
          { type: 'uri', modality: 'image', uri: 'https://example.com/map.png' },
          { type: 'blob', modality: 'document', mime_type: 'application/pdf', content: 'JVBERi0x' },
          { type: 'text', content: 'Weather where this is?' },
        ],
      },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Earlier thought' },
          { type: 'tool_call', id: 'toolu_01A', name: 'get_weather', arguments: { city: 'Bergen' } },
        ],
      },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 'toolu_01A', response: 'Rain, 9°C' }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        finish_reason: 'tool_call',
        parts: [
          { type: 'reasoning', content: 'The user wants the weather.' },
          { type: 'text', content: 'Let me check.' },
          { type: 'tool_call', id: weatherTool.id, name: 'get_weather', arguments: { city: 'Oslo' } },
        ],
      },
    ]);
    // Redacted thinking is encrypted model state: never exported, in any form.
    expect(JSON.stringify(span.attributes)).not.toContain('EmwKAhgB');
    expect(JSON.stringify(span.attributes)).not.toContain('AAAAAAAAAA');
  });

  it('records a string system prompt as one text part', async () => {
    server.enqueue({ kind: 'message', body: anthropicMessage() });
    await withContentCapture(true, () =>
      client.messages.create({ model: MODEL, max_tokens: 64, system: 'Be brief.', messages: MESSAGES }),
    );
    expect(jsonAttribute(onlySpan(), 'gen_ai.system_instructions')).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
  });
});

describe("the SDK's own spans (1.x)", () => {
  it('are not made for a traced call; the trace context the SDK sends is our span', async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    server.enqueue({ kind: 'message', body: anthropicMessage() });
    await client.messages.create({ model: MODEL, max_tokens: 64, messages: MESSAGES });
    propagation.disable();
    const span = onlySpan();
    expect(server.requests[0]?.headers.traceparent).toBe(
      `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
    );
  });

  it('are made again when genai-otel is disabled (so the single span above is our doing)', async () => {
    instrumentation.disable();
    server.enqueue({ kind: 'message', body: anthropicMessage() });
    await client.messages.create({ model: MODEL, max_tokens: 64, messages: MESSAGES });
    expect(finishedSpans().map((span) => span.name)).toEqual(['anthropic.messages.create']);
  });

  it('are not made under a framework model run (LangChain ChatAnthropic): its span is the one span', async () => {
    const frameworkSpan = trace.getTracer('framework').startSpan('chat claude (framework run)');
    const withSpan = trace.setSpan(context.active(), frameworkSpan);
    const { context: scoped, scope } = openInferenceScope(withSpan);
    scope.claim(() => withSpan);
    server.enqueue({ kind: 'message', body: anthropicMessage() });
    await context.with(scoped, () =>
      client.messages.create({ model: MODEL, max_tokens: 64, messages: MESSAGES }),
    );
    frameworkSpan.end();
    expect(finishedSpans().map((span) => span.name)).toEqual(['chat claude (framework run)']);
  });

  it('leave a client that has its own spans turned off untouched: one span, ours', async () => {
    const quiet = clientFor('anthropic', 'v1', server, { openTelemetry: false });
    server.enqueue({ kind: 'message', body: anthropicMessage() });
    await quiet.messages.create({ model: MODEL, max_tokens: 64, messages: MESSAGES });
    expect(onlySpan().name).toBe(`chat ${MODEL}`);
  });

  it('count_tokens is not a model call: no chat span, the SDK keeps its own span for it', async () => {
    server.enqueue({ kind: 'message', body: { input_tokens: 14 } });
    const count = await client.messages.countTokens?.({ model: MODEL, messages: MESSAGES });
    expect(count.input_tokens).toBe(14);
    expect(finishedSpans().map((span) => span.name)).toEqual(['anthropic.messages.count_tokens']);
  });
});
