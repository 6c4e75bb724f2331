import { context, logs, trace } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { recordEvaluation } from '../../src/tracing/record-evaluation';
import { installGlobalTestTelemetry } from '../support/global-test-telemetry';
import { recordDiagMessages } from '../support/record-diag-messages';

const telemetry = installGlobalTestTelemetry();
const logExporter = new InMemoryLogRecordExporter();
const loggerProvider = new LoggerProvider({
  processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
});
logs.setGlobalLoggerProvider(loggerProvider);
afterAll(() => loggerProvider.shutdown());
beforeEach(() => logExporter.reset());

const evaluations = () => logExporter.getFinishedLogRecords();

describe('recordEvaluation (in process)', () => {
  it('parents the event to the span given', () => {
    const span = telemetry.tracerProvider.getTracer('test').startSpan('chat gpt-4o-mini');
    recordEvaluation({ name: 'toxicity', score: 0, label: 'pass', span });
    span.end();
    const [record] = evaluations();
    expect(record?.eventName).toBe('gen_ai.evaluation.result');
    expect(record?.spanContext?.spanId).toBe(span.spanContext().spanId);
    expect(record?.attributes).toEqual({
      'gen_ai.evaluation.name': 'toxicity',
      'gen_ai.evaluation.score.value': 0,
      'gen_ai.evaluation.score.label': 'pass',
    });
  });

  it('for a response id it does not know, keeps the id and the active span', () => {
    const span = telemetry.tracerProvider.getTracer('test').startSpan('judge');
    context.with(trace.setSpan(context.active(), span), () =>
      recordEvaluation({ name: 'relevance', label: 'relevant', responseId: 'resp_unknown' }),
    );
    span.end();
    const [record] = evaluations();
    expect(record?.spanContext?.spanId).toBe(span.spanContext().spanId);
    expect(record?.attributes['gen_ai.response.id']).toBe('resp_unknown');
  });

  it('warns instead of throwing when the name is missing', () => {
    const messages = recordDiagMessages();
    expect(() => recordEvaluation({ name: '' })).not.toThrow();
    expect(evaluations()).toEqual([]);
    expect(messages.join('\n')).toMatch(/recordEvaluation\(\) needs a name/);
  });
});
