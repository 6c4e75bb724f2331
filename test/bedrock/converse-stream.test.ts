import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { bedrockRoute, eventStream, type StreamMessage } from '../support/bedrock-wire-server';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  onlySpan,
  resetTelemetry,
  sleep,
} from '../support/instrumentation-telemetry';
import { useInstrumentedBedrock } from './support/instrumented-bedrock';

const { instrumentation, bedrock, server, client } = useInstrumentedBedrock();

const NOVA = 'amazon.nova-lite-v1:0';
const ROUTE = bedrockRoute(NOVA, 'converse-stream');

function textEvents(pieces: string[]): StreamMessage[] {
  return [
    { event: 'messageStart', payload: { role: 'assistant' } },
    ...pieces.map((text) => ({
      event: 'contentBlockDelta',
      payload: { contentBlockIndex: 0, delta: { text } },
    })),
    { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
  ];
}

const END: StreamMessage[] = [
  { event: 'messageStop', payload: { stopReason: 'end_turn' } },
  {
    event: 'metadata',
    payload: { usage: { inputTokens: 18, outputTokens: 9, totalTokens: 27 }, metrics: { latencyMs: 380 } },
  },
];

function converseStream(input: Record<string, unknown> = {}, options?: { abortSignal?: AbortSignal }) {
  return client.send(
    new bedrock.ConverseStreamCommand({
      modelId: NOVA,
      messages: [{ role: 'user', content: [{ text: 'Say hello in three languages.' }] }],
      inferenceConfig: { maxTokens: 64 },
      ...input,
    }),
    options,
  );
}

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

describe('ConverseStreamCommand (event-stream framing over h2c)', () => {
  it('leaves the stream to the caller and ends the span once it completes, with usage from the metadata event', async () => {
    server.enqueue(ROUTE, eventStream([...textEvents(['Hello', ', hola', ', hallo.']), ...END]));
    const response = await converseStream();
    expect(finishedSpans()).toHaveLength(0);
    const texts: string[] = [];
    for await (const event of response.stream ?? []) {
      const text = event.contentBlockDelta?.delta?.text;
      if (text !== undefined) texts.push(text);
    }
    expect(texts.join('')).toBe('Hello, hola, hallo.');
    const span = onlySpan();
    expect(span.name).toBe(`chat ${NOVA}`);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 18,
      'gen_ai.usage.output_tokens': 9,
    });
    const firstChunk = await histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk.map((point) => point.count)).toEqual([1]);
  });

  it('records the streamed text, reasoning and tool call as the output message, with capture on', async () => {
    server.enqueue(
      ROUTE,
      eventStream([
        { event: 'messageStart', payload: { role: 'assistant' } },
        {
          event: 'contentBlockDelta',
          payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Need the weather.' } } },
        },
        { event: 'contentBlockDelta', payload: { contentBlockIndex: 1, delta: { text: 'Checking.' } } },
        {
          event: 'contentBlockStart',
          payload: {
            contentBlockIndex: 2,
            start: { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather' } },
          },
        },
        {
          event: 'contentBlockDelta',
          payload: { contentBlockIndex: 2, delta: { toolUse: { input: '{"city":' } } },
        },
        {
          event: 'contentBlockDelta',
          payload: { contentBlockIndex: 2, delta: { toolUse: { input: '"Oslo"}' } } },
        },
        { event: 'contentBlockStop', payload: { contentBlockIndex: 2 } },
        { event: 'messageStop', payload: { stopReason: 'tool_use' } },
        { event: 'metadata', payload: { usage: { inputTokens: 30, outputTokens: 12, totalTokens: 42 } } },
      ]),
    );
    await withContentCapture(true, async () => {
      const response = await converseStream();
      for await (const _event of response.stream ?? []);
    });
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        finish_reason: 'tool_call',
        parts: [
          { type: 'reasoning', content: 'Need the weather.' },
          { type: 'text', content: 'Checking.' },
          { type: 'tool_call', id: 'tooluse_1', name: 'get_weather', arguments: { city: 'Oslo' } },
        ],
      },
    ]);
  });

  it('ends the span once, with finish reason error, when the caller breaks early', async () => {
    server.enqueue(ROUTE, eventStream([...textEvents(['a', 'b', 'c', 'd']), ...END]));
    const response = await converseStream();
    for await (const event of response.stream ?? []) {
      if (event.contentBlockDelta !== undefined) break;
    }
    await sleep(20);
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a modelStreamErrorException mid-stream as the span error, and the caller still gets it', async () => {
    server.enqueue(
      ROUTE,
      eventStream([
        ...textEvents(['partial']),
        { exception: 'modelStreamErrorException', message: 'The model stream was interrupted.' },
      ]),
    );
    const response = await converseStream();
    const error = await (async () => {
      for await (const _event of response.stream ?? []);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(bedrock.ModelStreamErrorException);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('ModelStreamErrorException');
  });

  it('ends the span once when the caller aborts a stream the server holds open', async () => {
    server.enqueue(ROUTE, eventStream(textEvents(['slow']), true));
    const controller = new AbortController();
    const response = await converseStream({}, { abortSignal: controller.signal });
    const reading = (async () => {
      for await (const _event of response.stream ?? []) controller.abort();
    })().catch((caught: unknown) => caught);
    await reading;
    await sleep(20);
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('ends a stream nobody reads after the unconsumed-response timeout', async () => {
    instrumentation.setConfig({ unconsumedResponseTimeoutMs: 50 });
    server.enqueue(ROUTE, eventStream([...textEvents(['never read']), ...END]));
    await converseStream();
    await sleep(150);
    expect(onlySpan().attributes['genai_otel.response.unconsumed']).toBe(true);
  });
});
