import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  onlySpan,
  resetTelemetry,
  sleep,
} from '../openai/support/telemetry';
import { geminiRoute, geminiSse, geminiStreamEvents, vertexRoute } from '../support/gemini-wire-server';
import { useInstrumentedGoogleGenAI } from './support/instrumented-google-genai';

const { instrumentation, server, gemini, vertex } = useInstrumentedGoogleGenAI();

const STREAM = geminiRoute('gemini-2.5-flash', 'streamGenerateContent');

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

async function collectText(stream: AsyncIterable<{ text?: string }>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.text ?? '';
  return text;
}

describe('models.generateContentStream', () => {
  it('keeps the SDK generator and records usage from the last chunk, time to first chunk and chunk metrics', async () => {
    server.enqueue(
      STREAM,
      geminiSse(
        geminiStreamEvents({
          leadingParts: [{ text: 'Capital of France…', thought: true }],
          texts: ['Paris', ' is the capital', ' of France.'],
          usage: { prompt: 8, candidates: 7, thoughts: 30 },
          responseId: 'stream-response-1',
        }),
        { delayMs: 5 },
      ),
    );
    const stream = await withContentCapture(true, () =>
      gemini.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Capital of France?' }),
    );
    // The SDK's own (tslib) async generator object, followed in place.
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
    expect(await collectText(stream)).toBe('Paris is the capital of France.');

    const span = onlySpan();
    expect(span.name).toBe('generate_content gemini-2.5-flash');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'stream-response-1',
      'gen_ai.response.model': 'gemini-2.5-flash',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 8,
      'gen_ai.usage.output_tokens': 37,
      'gen_ai.usage.reasoning.output_tokens': 30,
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Capital of France…' },
          { type: 'text', content: 'Paris is the capital of France.' },
        ],
        finish_reason: 'stop',
      },
    ]);
    const [timeToFirstChunk] = await histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(timeToFirstChunk?.count).toBe(1);
    const [perChunk] = await histogram('gen_ai.client.operation.time_per_output_chunk');
    expect(perChunk?.count).toBe(3);
  });

  it('Vertex AI streams through the Vertex URL with gcp.vertex_ai', async () => {
    server.enqueue(
      vertexRoute('gemini-2.5-flash', 'streamGenerateContent'),
      geminiSse(geminiStreamEvents({ usage: { prompt: 3, candidates: 4 } })),
    );
    const stream = await vertex.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Hi' });
    await collectText(stream);
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.vertex_ai',
      'gen_ai.usage.input_tokens': 3,
      'gen_ai.usage.output_tokens': 4,
    });
  });

  it('an early break ends the span once, with finish reason error and the usage seen so far', async () => {
    server.enqueue(
      STREAM,
      geminiSse(geminiStreamEvents({ texts: ['one', 'two', 'three', 'four'] }), { delayMs: 5 }),
    );
    const stream = await gemini.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'Count',
    });
    for await (const chunk of stream) {
      if (chunk.text === 'two') break;
    }
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(2);
  });

  it('hand-called next() is followed too', async () => {
    server.enqueue(STREAM, geminiSse(geminiStreamEvents({ texts: ['a', 'b'] })));
    const stream = await gemini.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Hi' });
    while (!(await stream.next()).done) {
      // drain by hand
    }
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('an abortSignal mid-stream ends the span once as an AbortError', async () => {
    server.enqueue(
      STREAM,
      geminiSse(geminiStreamEvents({ texts: ['one', 'two', 'three'] }), { stallAfter: 1 }),
    );
    const controller = new AbortController();
    const stream = await gemini.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'Count',
      config: { abortSignal: controller.signal },
    });
    const reading = collectText(stream);
    await sleep(30);
    expect(server.requests).toHaveLength(1);
    controller.abort();
    await expect(reading).rejects.toThrow();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('AbortError');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('a connection lost mid-stream ends the span once with an error', async () => {
    server.enqueue(
      STREAM,
      geminiSse(geminiStreamEvents({ texts: ['one', 'two', 'three'] }), { destroyAfter: 1 }),
    );
    const stream = await gemini.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'Count',
    });
    await expect(collectText(stream)).rejects.toThrow();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBeDefined();
  });

  it('an error chunk in the stream ends the span with the API error status', async () => {
    server.enqueue(
      STREAM,
      geminiSse([
        ...geminiStreamEvents({ texts: ['one'] }).map((event) => ({
          data: {
            ...(event.data as object),
            candidates: [{ content: { parts: [{ text: 'one' }], role: 'model' } }],
          },
        })),
        { data: { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } } },
      ]),
    );
    const stream = await gemini.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'Count',
    });
    await expect(collectText(stream)).rejects.toThrow(/overloaded/);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('503');
  });

  it('a stream nobody reads is ended by the unconsumed timeout', async () => {
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 50 });
    server.enqueue(STREAM, geminiSse(geminiStreamEvents()));
    await gemini.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Hi' });
    await sleep(120);
    expect(onlySpan().attributes['genai_otel.response.unconsumed']).toBe(true);
  });

  it('chat sendMessageStream makes one span and keeps the chat history working', async () => {
    server.enqueue(STREAM, geminiSse(geminiStreamEvents({ texts: ['Hello', ' Ada!'] })));
    server.enqueue(STREAM, geminiSse(geminiStreamEvents({ texts: ['Ada.'] })));
    const chat = gemini.chats.create({ model: 'gemini-2.5-flash' });
    await collectText(await chat.sendMessageStream({ message: 'I am Ada.' }));
    await withContentCapture(true, async () =>
      collectText(await chat.sendMessageStream({ message: 'My name?' })),
    );
    const spans = finishedSpans();
    expect(spans).toHaveLength(2);
    // The SDK keeps each streamed chunk as its own model turn in the history it sends.
    expect(jsonAttribute(spans[1] as never, 'gen_ai.input.messages')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'I am Ada.' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] },
      { role: 'assistant', parts: [{ type: 'text', content: ' Ada!' }] },
      { role: 'user', parts: [{ type: 'text', content: 'My name?' }] },
    ]);
    expect(server.requests[1]?.body).toMatchObject({ contents: { length: 4 } });
  });
});
