import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { OpenAIInstrumentation } from '../../instrumentations/openai';
import { withContentCapture } from '../../src/content/capture-policy';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  resetTelemetry,
} from '../support/instrumentation-telemetry';
import { chatCompletion, embeddingList } from '../support/openai-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { ai, createOpenAI, instrumentation } from './support/load-ai-sdk';
import { childNames, parentOf, spanNamed, spansOf } from './support/tree';
import { weatherToolCallAnswer } from './support/weather-tool-answers';

// The vendor SDK, patched by its require hook, for the no-duplicate case.
const openaiInstrumentation = new OpenAIInstrumentation();
const { OpenAI } = createRequire(join(process.cwd(), 'package.json'))('openai') as typeof import('openai');

const wire = useOpenAIWireServer();
const provider = () => createOpenAI({ apiKey: 'sk-test', baseURL: wire.baseURL });

beforeEach(() => {
  resetTelemetry([instrumentation, openaiInstrumentation]);
  instrumentation.setConfig({});
});

const weatherInput = ai.jsonSchema<{ city: string }>({
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
});

function queueTwoStepToolLoop(): void {
  wire.enqueue('POST /v1/chat/completions', weatherToolCallAnswer({ prompt: 61, completion: 17 }), {
    kind: 'json',
    body: chatCompletion({
      choices: [{ content: 'It is 18°C in Paris.' }],
      usage: { prompt: 95, completion: 9 },
    }),
  });
}

describe('a two-step tool loop (ai 7)', () => {
  it('is invoke_agent → chat, execute_tool, chat, with tool arguments and result when content is captured', async () => {
    queueTwoStepToolLoop();
    const result = await withContentCapture(true, () =>
      ai.generateText({
        model: provider().chat('gpt-4o-mini'),
        prompt: 'Weather in Paris?',
        tools: {
          get_weather: ai.tool({
            description: 'Current weather for a city',
            inputSchema: weatherInput,
            execute: async ({ city }) => ({ city, celsius: 18 }),
          }),
        },
        stopWhen: ai.isStepCount(2),
        telemetry: { functionId: 'weather_agent' },
      }),
    );
    expect(result.text).toBe('It is 18°C in Paris.');

    const spans = finishedSpans();
    const agent = spanNamed('invoke_agent weather_agent');
    expect(agent.parentSpanContext).toBeUndefined();
    expect(agent.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather_agent',
      'gen_ai.provider.name': 'openai',
    });
    expect(childNames(agent)).toEqual(['chat gpt-4o-mini', 'execute_tool get_weather', 'chat gpt-4o-mini']);
    expect(spans).toHaveLength(4);

    const tool = spanNamed('execute_tool get_weather');
    expect(tool.kind).toBe(SpanKind.INTERNAL);
    expect(tool.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_weather_1',
      'gen_ai.tool.type': 'function',
    });
    expect(jsonAttribute(tool, 'gen_ai.tool.call.arguments')).toEqual({ city: 'Paris' });
    expect(jsonAttribute(tool, 'gen_ai.tool.call.result')).toEqual({ city: 'Paris', celsius: 18 });

    const chats = spansOf('chat');
    expect(chats.map((chat) => chat.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_call'],
      ['stop'],
    ]);
    expect(chats.map((chat) => chat.attributes['gen_ai.usage.input_tokens'])).toEqual([61, 95]);
    expect(jsonAttribute(chats[0] as never, 'gen_ai.tool.definitions')).toEqual([
      expect.objectContaining({
        type: 'function',
        name: 'get_weather',
        description: 'Current weather for a city',
      }),
    ]);
    expect(jsonAttribute(chats[0] as never, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_weather_1', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    // The second call sends the tool's result back.
    expect(jsonAttribute(chats[1] as never, 'gen_ai.input.messages')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_weather_1', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
      },
      {
        role: 'tool',
        parts: [
          { type: 'tool_call_response', id: 'call_weather_1', response: { city: 'Paris', celsius: 18 } },
        ],
      },
    ]);
  });

  it('a tool that fails: execute_tool has status ERROR and the loop goes on', async () => {
    queueTwoStepToolLoop();
    await ai.generateText({
      model: provider().chat('gpt-4o-mini'),
      prompt: 'Weather in Paris?',
      tools: {
        get_weather: ai.tool({
          inputSchema: weatherInput,
          execute: async (): Promise<string> => {
            throw new RangeError('station offline');
          },
        }),
      },
      stopWhen: ai.isStepCount(2),
    });
    const tool = spanNamed('execute_tool get_weather');
    expect(tool.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool.attributes['error.type']).toBe('RangeError');
    expect(parentOf(tool)?.name).toBe('invoke_agent generateText');
  });

  it('a vendor SDK called inside a tool: its call is one inference span, under execute_tool', async () => {
    wire.enqueue(
      'POST /v1/chat/completions',
      weatherToolCallAnswer(),
      // The tool's own call, then the loop's second step.
      { kind: 'json', body: chatCompletion({ choices: [{ content: 'Sunny.' }] }) },
      { kind: 'json', body: chatCompletion({ choices: [{ content: 'Sunny in Paris.' }] }) },
    );
    const vendor = new OpenAI({ apiKey: 'sk-test', baseURL: wire.baseURL });
    await ai.generateText({
      model: provider().chat('gpt-4o-mini'),
      prompt: 'Weather in Paris?',
      tools: {
        get_weather: ai.tool({
          inputSchema: weatherInput,
          execute: async ({ city }) => {
            const completion = await vendor.chat.completions.create({
              model: 'gpt-4o-mini',
              messages: [{ role: 'user', content: `Describe the sky over ${city}` }],
            });
            return completion.choices[0]?.message.content;
          },
        }),
      },
      stopWhen: ai.isStepCount(2),
    });
    expect(wire.requests).toHaveLength(3);
    const chats = spansOf('chat');
    // Three HTTP model calls, three inference spans: none recorded twice.
    expect(chats).toHaveLength(3);
    const tool = spanNamed('execute_tool get_weather');
    const insideTool = chats.filter((chat) => parentOf(chat) === tool);
    expect(insideTool).toHaveLength(1);
    expect(insideTool[0]?.instrumentationScope.name).toBe('genai-otel/instrumentation-openai');
  });
});

describe('embeddings (ai 7)', () => {
  it('embed: invoke_workflow → embeddings span with usage and dimension count', async () => {
    wire.enqueue('POST /v1/embeddings', {
      kind: 'json',
      body: embeddingList({ dimensions: 8, promptTokens: 5 }),
    });
    const { embedding } = await ai.embed({
      model: provider().embedding('text-embedding-3-small'),
      value: 'sunny day',
    });
    expect(embedding).toHaveLength(8);
    const root = spanNamed('invoke_workflow embed');
    expect(childNames(root)).toEqual(['embeddings text-embedding-3-small']);
    const embeddings = spanNamed('embeddings text-embedding-3-small');
    expect(embeddings.kind).toBe(SpanKind.CLIENT);
    expect(embeddings.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.embeddings.dimension.count': 8,
    });
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => [point.attributes['gen_ai.operation.name'], point.sum])).toEqual([
      ['embeddings', 5],
    ]);
  });

  it('embedMany split into two requests: one embeddings span per HTTP call', async () => {
    wire.enqueue(
      'POST /v1/embeddings',
      { kind: 'json', body: embeddingList({ count: 2, promptTokens: 6 }) },
      { kind: 'json', body: embeddingList({ count: 1, promptTokens: 3 }) },
    );
    const model = provider().embedding('text-embedding-3-small');
    Object.defineProperty(model, 'maxEmbeddingsPerCall', { value: 2 });
    const { embeddings } = await ai.embedMany({ model, values: ['a', 'b', 'c'], maxParallelCalls: 1 });
    expect(embeddings).toHaveLength(3);
    const root = spanNamed('invoke_workflow embedMany');
    expect(childNames(root)).toEqual([
      'embeddings text-embedding-3-small',
      'embeddings text-embedding-3-small',
    ]);
    expect(spansOf('embeddings').map((span) => span.attributes['gen_ai.usage.input_tokens'])).toEqual([6, 3]);
  });
});

describe('what the app decides', () => {
  it('telemetry: { isEnabled: false } on a call: no spans, no metrics', async () => {
    wire.enqueue('POST /v1/chat/completions', { kind: 'json', body: chatCompletion() });
    await ai.generateText({
      model: provider().chat('gpt-4o-mini'),
      prompt: 'hi',
      telemetry: { isEnabled: false },
    });
    expect(finishedSpans()).toHaveLength(0);
    expect(await histogram('gen_ai.client.operation.duration')).toHaveLength(0);
  });

  it('per-call integrations replace ours for that call (the SDK’s rule); the next call is traced again', async () => {
    wire.enqueue(
      'POST /v1/chat/completions',
      { kind: 'json', body: chatCompletion() },
      {
        kind: 'json',
        body: chatCompletion(),
      },
    );
    const seen: string[] = [];
    await ai.generateText({
      model: provider().chat('gpt-4o-mini'),
      prompt: 'hi',
      telemetry: { integrations: [{ onStart: (event) => void seen.push(event.operationId) }] },
    });
    expect(seen).toEqual(['ai.generateText']);
    expect(finishedSpans()).toHaveLength(0);
    await ai.generateText({ model: provider().chat('gpt-4o-mini'), prompt: 'hi' });
    expect(finishedSpans().map((span) => span.name)).toEqual([
      'chat gpt-4o-mini',
      'invoke_workflow generateText',
    ]);
  });

  it('recordInputs/recordOutputs false: no content even with capture on', async () => {
    wire.enqueue('POST /v1/chat/completions', {
      kind: 'json',
      body: chatCompletion({ choices: [{ content: 'x' }] }),
    });
    await withContentCapture(true, () =>
      ai.generateText({
        model: provider().chat('gpt-4o-mini'),
        prompt: 'secret prompt',
        telemetry: { recordInputs: false, recordOutputs: false },
      }),
    );
    for (const span of finishedSpans()) {
      expect(JSON.stringify(span.attributes)).not.toContain('secret prompt');
      expect(span.attributes['gen_ai.output.messages'] ?? '[]').not.toContain('"x"');
    }
  });
});
