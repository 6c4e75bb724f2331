import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { createRedactingSpanProcessor } from '../../src/redaction/create-redacting-span-processor';
import { startSpan } from '../../src/tracing/start-span';

/** genai-otel's own content attributes (task inputs and outputs) are scrubbed like the GenAI ones. */
const memory = new InMemorySpanExporter();
const provider = new TracerProvider({
  spanProcessors: [createRedactingSpanProcessor({}), new SimpleSpanProcessor({ exporter: memory })],
});
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
trace.setGlobalTracerProvider(provider);
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

const KEY = 'sk-proj-Abc123Def456Ghi789Jkl012';

it('scrubs API keys and e-mails from a task span’s recorded input and output', () => {
  withContentCapture(true, () =>
    startSpan(
      'summarise-ticket',
      { kind: 'task', input: { ticket: `from ana@example.com, key ${KEY}` } },
      () => ({
        reply: `sent to ana@example.com with ${KEY}`,
      }),
    ),
  );
  const [ended] = memory.getFinishedSpans();
  const recorded = `${ended?.attributes['genai_otel.input']} ${ended?.attributes['genai_otel.output']}`;
  expect(recorded).toContain('[REDACTED:email]');
  expect(recorded).toContain('[REDACTED:api_key]');
  expect(recorded).not.toContain(KEY);
  expect(recorded).not.toContain('ana@example.com');
});
