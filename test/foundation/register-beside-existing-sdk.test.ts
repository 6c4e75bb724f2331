import { type DiagLogger, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect, it } from 'vitest';
import { register } from '../../src/register';

it('leaves a tracer provider registered by another setup in place and says so through diag', async () => {
  const theirs = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: theirs })] });
  trace.setGlobalTracerProvider(provider);

  const messages: string[] = [];
  const record = (message: string) => messages.push(message);
  const logger: DiagLogger = {
    error: record,
    warn: record,
    info: record,
    debug: () => {},
    verbose: () => {},
  };
  const ours = new InMemorySpanExporter();
  const handle = register({
    spanExporters: [ours],
    diagLogger: logger,
    logLevel: 'info',
    flushOnExit: false,
    // Lazily require()d built JavaScript, which cannot load from src/ under vitest.
    enabledInstrumentations: [],
  });

  trace.getTracer('test').startActiveSpan('chat model', (span) => span.end());
  await handle.forceFlush();
  expect(theirs.getFinishedSpans().map((span) => span.name)).toEqual(['chat model']);
  expect(ours.getFinishedSpans()).toHaveLength(0);
  expect(messages.join('\n')).toMatch(/a tracer provider is already registered/);
  await handle.shutdown();
});
