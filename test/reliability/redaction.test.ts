import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, expect, it } from 'vitest';
import { createRedactingSpanProcessor } from '../../src/redaction/create-redacting-span-processor';
import type { RedactionOptions } from '../../src/redaction/redaction-options';
import { resolveRedaction } from '../../src/redaction/resolve-redaction';
import { captureDiag } from './support/diag-capture';

/**
 * The redaction processor on spans as other instrumentations write them (OpenLLMetry's indexed
 * prompts, OpenInference's input/output values, span events), with options and environment.
 */
let memory = new InMemorySpanExporter();
const diagLog = captureDiag();
let provider: TracerProvider | undefined;

afterEach(async () => {
  await provider?.shutdown();
  // shutdown() stops the exporter for good: each test gets a fresh one.
  memory = new InMemorySpanExporter();
  diagLog.clear();
});

function tracerWith(options: RedactionOptions) {
  provider = new TracerProvider({
    spanProcessors: [createRedactingSpanProcessor(options), new SimpleSpanProcessor({ exporter: memory })],
  });
  return provider.getTracer('another-instrumentation');
}

const KEY = 'sk-proj-Abc123Def456Ghi789Jkl012';

it('scrubs API keys and e-mails in content attributes of any instrumentation, and leaves other attributes', () => {
  const span = tracerWith({}).startSpan('openai.chat');
  span.setAttributes({
    'gen_ai.prompt.0.content': `my key is ${KEY}, mail ana@example.com`,
    'gen_ai.completion.0.content': 'Reply sent to bob.smith@corp.example.org',
    'input.value': JSON.stringify({ messages: [{ role: 'user', content: `Bearer ${KEY}` }] }),
    'llm.input_messages.0.message.content': `AKIAIOSFODNN7EXAMPLE and ${KEY}`,
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: KEY }] }]),
    'user.email': 'not-content@example.com',
    'gen_ai.request.model': 'gpt-4o-mini',
  });
  span.end();
  const [ended] = memory.getFinishedSpans();
  expect(ended?.attributes).toEqual({
    'gen_ai.prompt.0.content': 'my key is [REDACTED:api_key], mail [REDACTED:email]',
    'gen_ai.completion.0.content': 'Reply sent to [REDACTED:email]',
    'input.value': JSON.stringify({ messages: [{ role: 'user', content: 'Bearer [REDACTED:api_key]' }] }),
    'llm.input_messages.0.message.content': '[REDACTED:api_key] and [REDACTED:api_key]',
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: '[REDACTED:api_key]' }] },
    ]),
    'user.email': 'not-content@example.com',
    'gen_ai.request.model': 'gpt-4o-mini',
  });
  expect(() => JSON.parse(String(ended?.attributes['input.value']))).not.toThrow();
});

// Found by integration-secrets.test.ts: temporary AWS credentials (what an app running under a role
// has) echoed in a Bedrock error were exported; only long-term AKIA… ids were recognised.
it('scrubs temporary AWS access key ids and STS session tokens in error messages', () => {
  const sessionToken = `IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDx${'A1b2C3d4+/'.repeat(20)}==`;
  const span = tracerWith({}).startSpan('chat');
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: `The security token included in the request is invalid: ${sessionToken} (key ASIAY34FZKBOKMUTVV7A)`,
  });
  span.end();
  const [ended] = memory.getFinishedSpans();
  expect(ended?.status.message).toBe(
    'The security token included in the request is invalid: [REDACTED:api_key] (key [REDACTED:api_key])',
  );
});

it('scrubs span events (older GenAI event conventions), exception messages and the status message', () => {
  const span = tracerWith({}).startSpan('chat');
  span.addEvent('gen_ai.user.message', { 'gen_ai.event.content': `use ${KEY}` });
  span.recordException(new Error(`Incorrect API key provided: ${KEY}`));
  span.setStatus({ code: SpanStatusCode.ERROR, message: `Incorrect API key provided: ${KEY}` });
  span.end();
  const [ended] = memory.getFinishedSpans();
  expect(ended?.events[0]?.attributes).toEqual({ 'gen_ai.event.content': 'use [REDACTED:api_key]' });
  expect(ended?.events[1]?.attributes?.['exception.message']).toBe(
    'Incorrect API key provided: [REDACTED:api_key]',
  );
  expect(ended?.status).toEqual({
    code: SpanStatusCode.ERROR,
    message: 'Incorrect API key provided: [REDACTED:api_key]',
  });
});

it('applies the hook first, then built-in and custom patterns; extra attribute keys count as content', () => {
  const tracer = tracerWith({
    builtinPatterns: ['api_keys'],
    patterns: [/ACCT-\d{6}/, 'patient #\\d+'],
    attributes: ['app.note', 'crm.*'],
    redact: (value, target) => (target.attribute === 'app.note' ? value.replace('Alice', 'A.') : undefined),
  });
  const span = tracer.startSpan('task');
  span.setAttributes({
    'app.note': 'Alice, ACCT-123456, patient #42, ana@example.com',
    'crm.summary': 'ACCT-654321 and ACCT-111111',
    'gen_ai.tool.call.arguments': `{"key":"${KEY}"}`,
  });
  span.end();
  expect(memory.getFinishedSpans()[0]?.attributes).toEqual({
    // e-mails are not scrubbed: only api_keys was chosen
    'app.note': 'A., [REDACTED], [REDACTED], ana@example.com',
    'crm.summary': '[REDACTED] and [REDACTED]',
    'gen_ai.tool.call.arguments': '{"key":"[REDACTED:api_key]"}',
  });
});

it('fails closed when the hook throws, with one diag line, and never throws into span.end()', () => {
  const tracer = tracerWith({
    redact: () => {
      throw new Error('hook bug');
    },
  });
  for (let index = 0; index < 3; index++) {
    const span = tracer.startSpan('chat');
    span.setAttribute('gen_ai.output.messages', 'secret answer');
    expect(() => span.end()).not.toThrow();
  }
  expect(memory.getFinishedSpans().map((span) => span.attributes['gen_ai.output.messages'])).toEqual([
    '[REDACTED]',
    '[REDACTED]',
    '[REDACTED]',
  ]);
  expect(diagLog.messages.filter((m) => m.level === 'error')).toHaveLength(1);
});

it('scrubs a 10 MB value in linear time (a quadratic pattern would hang this test) and cuts it to 1 MiB', () => {
  const span = tracerWith({}).startSpan('chat');
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${'x'.repeat(10 * 1024 * 1024)} ${KEY}` });
  span.setAttribute('gen_ai.input.messages', 'y'.repeat(2 * 1024 * 1024));
  span.end();
  const [ended] = memory.getFinishedSpans();
  expect(ended?.status.message).toMatch(/^x{1048576}…\[truncated \d+ chars\]$/);
  expect(String(ended?.attributes['gen_ai.input.messages']).length).toBeLessThan(1024 * 1024 + 64);
});

it('reads GENAI_OTEL_REDACT_* from the environment; options win; bad patterns are skipped with a warning', () => {
  const fromEnv = resolveRedaction(
    {},
    {
      GENAI_OTEL_REDACT_BUILTIN: 'emails',
      GENAI_OTEL_REDACT_PATTERNS: '["ACCT-\\\\d+", "(unclosed"]',
      GENAI_OTEL_REDACT_ATTRIBUTES: 'app.note, crm.*',
    },
  );
  expect(fromEnv.patterns.map((p) => p.replacement)).toEqual(['[REDACTED:email]', '[REDACTED]']);
  expect(fromEnv.extraContentKeys).toEqual(['app.note', 'crm.*']);
  expect(
    diagLog.messages.some((m) => m.level === 'warn' && m.text.includes('not a valid regular expression')),
  ).toBe(true);
  expect(diagLog.messages.some((m) => m.text.includes('(unclosed'))).toBe(false);

  expect(resolveRedaction({}, { GENAI_OTEL_REDACT_BUILTIN: 'none' }).patterns).toEqual([]);
  expect(resolveRedaction({}, { GENAI_OTEL_REDACT_PATTERNS: 'ACCT-\\d+' }).patterns).toHaveLength(10);
  expect(resolveRedaction({ builtinPatterns: [] }, { GENAI_OTEL_REDACT_BUILTIN: 'emails' }).patterns).toEqual(
    [],
  );
  expect(resolveRedaction({}, {}).patterns.length).toBe(9);
});
