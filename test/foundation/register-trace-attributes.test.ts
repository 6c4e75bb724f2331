import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { expect, it } from 'vitest';
import { register } from '../../src/register';
import { withTraceAttributes } from '../../src/tracing/trace-attributes';

it('puts trace-wide attributes on plain OpenTelemetry spans under register()', async () => {
  const memory = new InMemorySpanExporter();
  // No instrumentations: they are require()d lazily as built JavaScript, which cannot load from src/
  // under vitest (they are covered in their own tests and out of process).
  const handle = register({
    traceExporters: ['none'],
    spanExporters: [memory],
    flushOnExit: false,
    enabledInstrumentations: [],
  });
  withTraceAttributes({ conversationId: 'conv-42', userId: 'user-7' }, () => {
    trace.getTracer('plain-library').startActiveSpan('http GET', (span) => span.end());
  });
  await handle.forceFlush();
  const [span] = memory.getFinishedSpans();
  expect(span?.attributes['gen_ai.conversation.id']).toBe('conv-42');
  expect(span?.attributes['user.id']).toBe('user-7');
  await handle.shutdown();
});
