import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { expect, it } from 'vitest';
import { register } from '../../src/register';
import { withTraceAttributes } from '../../src/tracing/trace-attributes';

it('puts trace-wide attributes on plain OpenTelemetry spans under register()', async () => {
  const memory = new InMemorySpanExporter();
  const handle = register({ traceExporters: ['none'], spanExporters: [memory], flushOnExit: false });
  withTraceAttributes({ conversationId: 'conv-42', userId: 'user-7' }, () => {
    trace.getTracer('plain-library').startActiveSpan('http GET', (span) => span.end());
  });
  await handle.forceFlush();
  const [span] = memory.getFinishedSpans();
  expect(span?.attributes['gen_ai.conversation.id']).toBe('conv-42');
  expect(span?.attributes['user.id']).toBe('user-7');
  await handle.shutdown();
});
