import { createRequire } from 'node:module';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AISdkLegacySpanProcessor } from '../../instrumentations/ai-sdk';
import { withContentCapture } from '../../src/content/capture-policy';
import { ai, createAnthropic, createOpenAI, instrumentation } from '../ai-sdk/support/load-ai-sdk';
import { weatherToolCallAnswer } from '../ai-sdk/support/weather-tool-answers';
import { anthropicMessage } from '../support/anthropic-wire-server';
import { finishedSpans, resetTelemetry } from '../support/instrumentation-telemetry';
import { chatCompletion, embeddingList, response, responseEvents } from '../support/openai-wire-server';
import { useAnthropicWireServer } from '../support/use-anthropic-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { CONVENTION_VERSIONS, conformanceViolations, writeConventions } from './conformance';
import { checkSpans, describeViolations } from './conformance-checker';
import { loadConventionsModel, MODEL_FILES } from './conventions-model';

const openaiWire = useOpenAIWireServer();
const anthropicWire = useAnthropicWireServer();
const openai = () => createOpenAI({ apiKey: 'sk-test', baseURL: openaiWire.baseURL });
const anthropic = () => createAnthropic({ apiKey: 'sk-ant-test', baseURL: `${anthropicWire.url}/v1` });

// ai 6 traces only through its own spans (experimental_telemetry), mapped by the legacy processor
// on a provider of the test's own.
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));
const aiV6 = requireFromRoot('ai-v6') as typeof import('ai-v6');
const { createOpenAI: createOpenAIV3 } = requireFromRoot(
  'ai-sdk-openai-v3',
) as typeof import('ai-sdk-openai-v3');
const legacyExporter = new InMemorySpanExporter();
const legacyTracer = new TracerProvider({
  spanProcessors: [new AISdkLegacySpanProcessor(), new SimpleSpanProcessor({ exporter: legacyExporter })],
}).getTracer('ai');

const cityInput: Parameters<typeof ai.jsonSchema>[0] = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};

function queueToolLoop(): void {
  openaiWire.enqueue('POST /v1/chat/completions', weatherToolCallAnswer(), {
    kind: 'json',
    body: chatCompletion({ choices: [{ content: 'It is 18°C in Paris.' }] }),
  });
}

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
  legacyExporter.reset();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(CONVENTION_VERSIONS)(
  'AI SDK telemetry on the $conventions conventions',
  ({ conventions, optIn }) => {
    it('conforms (ai 7): generateText on OpenAI and Anthropic, streamText, a ToolLoopAgent, embed', async () => {
      writeConventions(optIn);
      await withContentCapture(true, async () => {
        openaiWire.enqueue('POST /v1/responses', {
          kind: 'json',
          body: response({ text: 'Hello.', usage: { input: 42, output: 9, cached: 32, reasoning: 4 } }),
        });
        await ai.generateText({ model: openai()('gpt-4.1-mini'), prompt: 'Say hi', temperature: 0.2 });
        anthropicWire.enqueue({
          kind: 'message',
          body: anthropicMessage({ usage: { input: 20, output: 12, cacheRead: 100, cacheWrite: 30 } }),
        });
        await ai.generateText({ model: anthropic()('claude-sonnet-4-6'), prompt: 'Where is Bouvet Island?' });
        openaiWire.enqueue('POST /v1/responses', {
          kind: 'sse',
          events: responseEvents({ deltas: ['Atl', 'ant', 'ic', ' Ocean.'] }),
        });
        await ai.streamText({ model: openai()('gpt-4.1-mini'), prompt: 'Which ocean?' }).consumeStream();
        queueToolLoop();
        const agent = new ai.ToolLoopAgent({
          model: openai().chat('gpt-4o-mini'),
          tools: {
            get_weather: ai.tool({
              description: 'Weather in a city',
              inputSchema: ai.jsonSchema<{ city: string }>(cityInput),
              execute: async ({ city }) => ({ city, celsius: 18 }),
            }),
          },
          telemetry: { functionId: 'travel_agent' },
        });
        await agent.generate({ prompt: 'Weather in Paris?' });
        openaiWire.enqueue('POST /v1/embeddings', {
          kind: 'json',
          body: embeddingList({ dimensions: 8, promptTokens: 5 }),
        });
        await ai.embed({ model: openai().embedding('text-embedding-3-small'), value: 'sunny day' });
      });
      const operations = new Set(finishedSpans().map((span) => span.attributes['gen_ai.operation.name']));
      expect(operations).toEqual(
        new Set(['invoke_workflow', 'invoke_agent', 'chat', 'execute_tool', 'embeddings']),
      );
      expect(await conformanceViolations(conventions)).toEqual([]);
    });

    it('conforms (ai 6, experimental_telemetry): generateText, streamText and a tool loop', async () => {
      writeConventions(optIn);
      const openaiV3 = () => createOpenAIV3({ apiKey: 'sk-test', baseURL: openaiWire.baseURL });
      await withContentCapture(true, async () => {
        openaiWire.enqueue('POST /v1/responses', { kind: 'json', body: response({ text: 'Hi.' }) });
        await aiV6.generateText({
          model: openaiV3()('gpt-4.1-mini'),
          prompt: 'hi',
          experimental_telemetry: { isEnabled: true, functionId: 'greeter', tracer: legacyTracer },
        });
        openaiWire.enqueue('POST /v1/responses', { kind: 'sse', events: responseEvents() });
        const stream = aiV6.streamText({
          model: openaiV3()('gpt-4.1-mini'),
          prompt: 'Which ocean?',
          experimental_telemetry: { isEnabled: true, tracer: legacyTracer },
        });
        await stream.text;
        queueToolLoop();
        await aiV6.generateText({
          model: openaiV3().chat('gpt-4o-mini'),
          prompt: 'Weather in Paris?',
          tools: {
            get_weather: aiV6.tool({
              inputSchema: aiV6.jsonSchema<{ city: string }>(cityInput),
              execute: async ({ city }) => ({ city, celsius: 18 }),
            }),
          },
          stopWhen: aiV6.stepCountIs(2),
          experimental_telemetry: { isEnabled: true, functionId: 'weather_agent', tracer: legacyTracer },
        });
      });
      // The SDK ends the streamText call span a moment after its text settles.
      await vi.waitFor(() =>
        expect(legacyExporter.getFinishedSpans().map((span) => span.name)).toContain(
          'invoke_workflow streamText',
        ),
      );
      const spans = legacyExporter.getFinishedSpans();
      const operations = new Set(spans.map((span) => span.attributes['gen_ai.operation.name']));
      expect(operations).toEqual(new Set(['invoke_workflow', 'invoke_agent', 'chat', 'execute_tool']));
      const model = loadConventionsModel(
        conventions === 'latest' ? MODEL_FILES.latest : MODEL_FILES.released,
      );
      expect(describeViolations(checkSpans(model, spans))).toEqual([]);
    });
  },
);
