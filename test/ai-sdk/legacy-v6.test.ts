import { createRequire } from 'node:module';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AISdkLegacySpanProcessor } from '../../instrumentations/ai-sdk';
import { chatCompletion, response, responseEvents } from '../support/openai-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { childNames, parentOf, spanNamed, spansOf } from './support/tree';
import { weatherToolCallAnswer } from './support/weather-tool-answers';

/** `ai` 6 (newest) and its OpenAI provider (3.x, provider spec v3), under npm aliases. */
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));
const ai = requireFromRoot('ai-v6') as typeof import('ai-v6');
const { createOpenAI } = requireFromRoot('ai-sdk-openai-v3') as typeof import('ai-sdk-openai-v3');

// A provider of the test's own, given to the SDK as `experimental_telemetry.tracer` (the tree
// helpers' module installs the file's global one, which has no processor under test).
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({
  spanProcessors: [new AISdkLegacySpanProcessor(), new SimpleSpanProcessor({ exporter })],
});
const tracer = provider.getTracer('ai');
const spans = () => exporter.getFinishedSpans();
const wire = useOpenAIWireServer();
const openai = () => createOpenAI({ apiKey: 'sk-test', baseURL: wire.baseURL });

beforeEach(() => exporter.reset());

describe('ai 6 with experimental_telemetry (spans mapped by AISdkLegacySpanProcessor)', () => {
  it('generateText: invoke_workflow {functionId} → chat {model} with provider, usage and cost', async () => {
    wire.enqueue('POST /v1/responses', {
      kind: 'json',
      body: response({ text: 'Hi.', usage: { input: 40, output: 6, cached: 32, reasoning: 2 } }),
    });
    await ai.generateText({
      model: openai()('gpt-4.1-mini'),
      prompt: 'hi',
      experimental_telemetry: { isEnabled: true, functionId: 'greeter', tracer },
    });
    const root = spanNamed('invoke_workflow greeter', spans());
    expect(root.attributes['gen_ai.operation.name']).toBe('invoke_workflow');
    expect(root.attributes['gen_ai.workflow.name']).toBe('greeter');
    expect(childNames(root, spans())).toEqual(['chat gpt-4.1-mini']);
    const chat = spanNamed('chat gpt-4.1-mini', spans());
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1-mini',
      'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 6,
      'gen_ai.usage.cache_read.input_tokens': 32,
      'gen_ai.usage.reasoning.output_tokens': 2,
    });
    expect(typeof chat.attributes['genai_otel.cost.usd']).toBe('number');
    // The SDK's deprecated gen_ai.system (its provider id) is replaced by gen_ai.provider.name.
    expect(chat.attributes['gen_ai.system']).toBeUndefined();
  });

  it('streamText: the step is a streaming chat span with time to first chunk', async () => {
    wire.enqueue('POST /v1/responses', { kind: 'sse', events: responseEvents(), delayMs: 5 });
    const result = ai.streamText({
      model: openai()('gpt-4.1-mini'),
      prompt: 'Which ocean?',
      experimental_telemetry: { isEnabled: true, tracer },
    });
    expect(await result.text).toBe('Atlantic Ocean.');
    // The SDK ends its call span a moment after the text settles.
    await vi.waitFor(() => spanNamed('invoke_workflow streamText', spans()));
    const chat = spanNamed('chat gpt-4.1-mini', spans());
    expect(parentOf(chat, spans())?.name).toBe('invoke_workflow streamText');
    expect(chat.attributes['gen_ai.request.stream']).toBe(true);
    expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('a two-step tool loop: invoke_agent with execute_tool between the chat spans', async () => {
    wire.enqueue('POST /v1/chat/completions', weatherToolCallAnswer(), {
      kind: 'json',
      body: chatCompletion({ choices: [{ content: 'It is 18°C in Paris.' }] }),
    });
    await ai.generateText({
      model: openai().chat('gpt-4o-mini'),
      prompt: 'Weather in Paris?',
      tools: {
        get_weather: ai.tool({
          inputSchema: ai.jsonSchema<{ city: string }>({
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          }),
          execute: async ({ city }) => ({ city, celsius: 18 }),
        }),
      },
      stopWhen: ai.stepCountIs(2),
      experimental_telemetry: { isEnabled: true, functionId: 'weather_agent', tracer },
    });
    const agent = spanNamed('invoke_agent weather_agent', spans());
    expect(agent.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather_agent',
      'gen_ai.provider.name': 'openai',
    });
    // The conventions list no gen_ai.workflow.name on agent spans.
    expect(agent.attributes['gen_ai.workflow.name']).toBeUndefined();
    expect(childNames(agent, spans())).toEqual([
      'chat gpt-4o-mini',
      'execute_tool get_weather',
      'chat gpt-4o-mini',
    ]);
    expect(spanNamed('execute_tool get_weather', spans()).attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_weather_1',
    });
    expect(spansOf('chat', spans()).map((chat) => chat.attributes['gen_ai.response.finish_reasons'])).toEqual(
      [['tool_call'], ['stop']],
    );
  });

  it('without the flag, ai 6 makes no spans (the flag is still needed there)', async () => {
    wire.enqueue('POST /v1/responses', { kind: 'json', body: response() });
    await ai.generateText({
      model: openai()('gpt-4.1-mini'),
      prompt: 'hi',
      experimental_telemetry: { tracer },
    });
    expect(spans()).toHaveLength(0);
  });
});
