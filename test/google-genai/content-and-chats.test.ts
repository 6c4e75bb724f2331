import { SpanStatusCode, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { finishedSpans, jsonAttribute, onlySpan, resetTelemetry } from '../openai/support/telemetry';
import {
  geminiEmbeddings,
  geminiJson,
  geminiResponse,
  geminiRoute,
  vertexPredictEmbeddings,
  vertexRoute,
} from '../support/gemini-wire-server';
import { useInstrumentedGoogleGenAI } from './support/instrumented-google-genai';

const { instrumentation, server, gemini, vertex } = useInstrumentedGoogleGenAI();

const GENERATE = geminiRoute('gemini-2.5-flash', 'generateContent');
const LARGE_BASE64 = 'iVBORw0KGgo'.repeat(200);

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

describe('content capture', () => {
  it('records Content[] history, system instruction, tools, function calls and responses, thoughts and media', async () => {
    server.enqueue(
      GENERATE,
      geminiJson(
        geminiResponse({
          candidates: [
            {
              parts: [
                { text: 'The user wants the weather; I will call the tool.', thought: true },
                { functionCall: { id: 'call-2', name: 'get_weather', args: { city: 'Lyon' } } },
              ],
              finishReason: 'STOP',
            },
          ],
        }),
      ),
    );
    await withContentCapture(true, () =>
      gemini.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: [
          {
            role: 'user',
            parts: [
              { text: 'What is in this picture, and the weather in Paris?' },
              { inlineData: { mimeType: 'image/png', data: LARGE_BASE64 } },
              { fileData: { fileUri: 'gs://bucket/menu.pdf', mimeType: 'application/pdf' } },
            ],
          },
          {
            role: 'model',
            parts: [{ functionCall: { id: 'call-1', name: 'get_weather', args: { city: 'Paris' } } }],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { id: 'call-1', name: 'get_weather', response: { temperature: 21 } } },
            ],
          },
        ],
        config: {
          systemInstruction: 'You are a terse assistant.',
          tools: [
            {
              functionDeclarations: [
                {
                  name: 'get_weather',
                  description: 'Current weather for a city',
                  parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
                },
              ],
            },
            { googleSearch: {} },
          ],
        },
      }),
    );
    const span = onlySpan();
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is in this picture, and the weather in Paris?' },
          {
            type: 'blob',
            modality: 'image',
            mime_type: 'image/png',
            content: `[base64 elided: ${LARGE_BASE64.length} chars]`,
          },
          { type: 'uri', modality: 'document', mime_type: 'application/pdf', uri: 'gs://bucket/menu.pdf' },
        ],
      },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call-1', name: 'get_weather', arguments: { city: 'Paris' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call-1', response: { temperature: 21 } }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.system_instructions')).toEqual([
      { type: 'text', content: 'You are a terse assistant.' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.tool.definitions')).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
      { type: 'googleSearch', name: 'googleSearch' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'The user wants the weather; I will call the tool.' },
          { type: 'tool_call', id: 'call-2', name: 'get_weather', arguments: { city: 'Lyon' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it.each([
    ['a string', 'Hello there', [{ role: 'user', parts: [{ type: 'text', content: 'Hello there' }] }]],
    [
      'a part',
      { text: 'Hello there' },
      [{ role: 'user', parts: [{ type: 'text', content: 'Hello there' }] }],
    ],
    [
      'strings and parts (one turn)',
      ['Hello', { text: 'there' }],
      [
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'Hello' },
            { type: 'text', content: 'there' },
          ],
        },
      ],
    ],
    [
      'a Content',
      { role: 'user', parts: [{ text: 'Hi' }] },
      [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
    ],
  ])('accepts contents as %s', async (_shape, contents, expected) => {
    server.enqueue(GENERATE, geminiJson(geminiResponse()));
    await withContentCapture(true, () =>
      gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: contents as never }),
    );
    expect(jsonAttribute(onlySpan(), 'gen_ai.input.messages')).toEqual(expected);
  });

  it('records no content when capture is off (the default)', async () => {
    server.enqueue(GENERATE, geminiJson(geminiResponse()));
    await gemini.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'secret prompt',
      config: { systemInstruction: 'secret instruction' },
    });
    expect(JSON.stringify(onlySpan().attributes)).not.toContain('secret');
    expect(onlySpan().attributes['gen_ai.output.messages']).toBeUndefined();
  });
});

describe('chats', () => {
  it('makes one span per sendMessage, nested under the caller, with the history as input', async () => {
    server.enqueue(
      GENERATE,
      geminiJson(geminiResponse({ candidates: [{ parts: 'Hello Ada!', finishReason: 'STOP' }] })),
      geminiJson(geminiResponse({ candidates: [{ parts: 'Your name is Ada.', finishReason: 'STOP' }] })),
    );
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('conversation', async (conversation) => {
      const chat = gemini.chats.create({ model: 'gemini-2.5-flash', config: { temperature: 0.5 } });
      await withContentCapture(true, async () => {
        await chat.sendMessage({ message: 'I am Ada.' });
        await chat.sendMessage({ message: 'What is my name?' });
      });
      conversation.end();
    });
    const spans = finishedSpans();
    expect(spans.map((span) => span.name)).toEqual([
      'generate_content gemini-2.5-flash',
      'generate_content gemini-2.5-flash',
      'conversation',
    ]);
    const conversationId = spans[2]?.spanContext().spanId;
    expect(spans.slice(0, 2).map((span) => span.parentSpanContext?.spanId)).toEqual([
      conversationId,
      conversationId,
    ]);
    expect(spans[1]?.attributes['gen_ai.request.temperature']).toBe(0.5);
    expect(jsonAttribute(spans[1] as never, 'gen_ai.input.messages')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'I am Ada.' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello Ada!' }] },
      { role: 'user', parts: [{ type: 'text', content: 'What is my name?' }] },
    ]);
  });

  it('makes one span per model call when automatic function calling runs tools', async () => {
    server.enqueue(
      GENERATE,
      geminiJson(
        geminiResponse({
          candidates: [
            {
              parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }],
              finishReason: 'STOP',
            },
          ],
        }),
      ),
      geminiJson(geminiResponse({ candidates: [{ parts: 'It is 21 °C in Paris.', finishReason: 'STOP' }] })),
    );
    const weatherTool = {
      tool: async () => ({
        functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: { type: 'object' } }],
      }),
      callTool: async () => [{ functionResponse: { name: 'get_weather', response: { temperature: 21 } } }],
    };
    const response = await gemini.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Weather in Paris?',
      config: { tools: [weatherTool as never] },
    });
    expect(response.text).toBe('It is 21 °C in Paris.');
    expect(finishedSpans().map((span) => span.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_call'],
      ['stop'],
    ]);
  });
});

describe('models.embedContent', () => {
  it('Gemini API: records an embeddings span with the dimension count', async () => {
    server.enqueue(
      geminiRoute('gemini-embedding-001', 'batchEmbedContents'),
      geminiJson(geminiEmbeddings(2, 768)),
    );
    const response = await gemini.models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['What is your name?', 'What is your favourite colour?'],
    });
    expect(response.embeddings).toHaveLength(2);
    const span = onlySpan();
    expect(span.name).toBe('embeddings gemini-embedding-001');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.embeddings.dimension.count': 768,
    });
  });

  it('Vertex AI embedContent (Gemini embedding models): input tokens from usageMetadata', async () => {
    server.enqueue(
      vertexRoute('gemini-embedding-001', 'embedContent'),
      geminiJson({ embedding: { values: [0.1, 0.2, 0.3] }, usageMetadata: { promptTokenCount: 5 } }),
    );
    await vertex.models.embedContent({ model: 'gemini-embedding-001', contents: 'just one' });
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.vertex_ai',
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.embeddings.dimension.count': 3,
    });
  });

  it('Vertex AI: input tokens from the per-input statistics', async () => {
    server.enqueue(
      vertexRoute('text-embedding-005', 'predict'),
      geminiJson(vertexPredictEmbeddings([7, 9], 256)),
    );
    await vertex.models.embedContent({ model: 'text-embedding-005', contents: ['first', 'second'] });
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.vertex_ai',
      'gen_ai.usage.input_tokens': 16,
      'gen_ai.embeddings.dimension.count': 256,
    });
  });
});
