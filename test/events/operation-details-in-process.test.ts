import { logs } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { withLLMCall } from '../../src/tracing/with-llm-call';
import { installGlobalTestTelemetry } from '../support/global-test-telemetry';

const telemetry = installGlobalTestTelemetry();
const logExporter = new InMemoryLogRecordExporter();
const loggerProvider = new LoggerProvider({
  processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
});
logs.setGlobalLoggerProvider(loggerProvider);
afterAll(() => loggerProvider.shutdown());

const MODE = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
beforeEach(() => {
  logExporter.reset();
  telemetry.spanExporter.reset();
});
afterEach(() => {
  delete process.env[MODE];
});

function askOllama(): string {
  return withLLMCall({ provider: 'ollama', model: 'llama3.2', input: 'Say hi' }, (call) => {
    call.recordResponse({
      id: 'resp-1',
      usage: { inputTokens: 3, outputTokens: 1 },
      finishReasons: ['stop'],
      output: 'hi',
    });
    return 'hi';
  });
}

const detailsEvents = () =>
  logExporter
    .getFinishedLogRecords()
    .filter((record) => record.eventName === 'gen_ai.client.inference.operation.details');

describe('operation-details event from the manual API (withLLMCall)', () => {
  it('EVENT_ONLY: content on the event only, event parented to the span', () => {
    process.env[MODE] = 'EVENT_ONLY';
    askOllama();
    const [span] = telemetry.spanExporter.getFinishedSpans();
    expect(span?.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span?.attributes['gen_ai.output.messages']).toBeUndefined();
    const [event] = detailsEvents();
    expect(event?.spanContext?.spanId).toBe(span?.spanContext().spanId);
    expect(event?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'ollama',
      'gen_ai.response.id': 'resp-1',
      'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Say hi' }] }],
      'gen_ai.output.messages': [
        { role: 'assistant', parts: [{ type: 'text', content: 'hi' }], finish_reason: 'stop' },
      ],
    });
  });

  it('EVENT_ONLY with withContentCapture(false): the event without content', () => {
    process.env[MODE] = 'EVENT_ONLY';
    withContentCapture(false, askOllama);
    const [event] = detailsEvents();
    expect(event?.attributes['gen_ai.usage.input_tokens']).toBe(3);
    expect(event?.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(event?.attributes['gen_ai.output.messages']).toBeUndefined();
  });

  it('no content mode: no event', () => {
    askOllama();
    expect(telemetry.spanExporter.getFinishedSpans()).toHaveLength(1);
    expect(detailsEvents()).toEqual([]);
  });
});
