import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import { receivedLogRecords } from '../support/otlp-log-records';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * The GenAI conventions' log events as a user meets them: an app under `--require
 * genai-otel/register` calls the (local) OpenAI API and records an evaluation; the spans and log
 * records arrive at a local OTLP receiver (OTLP/JSON). Needs `npm run build` first.
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
const APP = join(__dirname, '../content/fixtures/content-app.cjs');
const ANSWER = 'Bouvet Island lies in the South Atlantic Ocean.';

async function runEvaluateScenario(env: Record<string, string>, scenario = 'evaluate') {
  wire.enqueue('POST /v1/chat/completions', {
    kind: 'json',
    body: chatCompletion({ id: 'chatcmpl-bouvet-1', choices: [{ content: ANSWER }] }),
  });
  const run = await runNodeApp(APP, {
    loader: 'require',
    args: [scenario],
    env: exitFlushedOtlpEnv(receiver.url, 'events-fixture', {
      OPENAI_BASE_URL: wire.baseURL,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      ...env,
    }),
  });
  expect(run.stderr).not.toMatch(/scenario failed/);
  expect(run.code).toBe(0);
  const spans = await receiver.waitForSpans(1);
  const chat = spans.find((span) => span.name === 'chat gpt-4o-mini');
  if (chat === undefined) throw new Error('no chat span');
  return { chat, records: receivedLogRecords(receiver), stderr: run.stderr, stdout: run.stdout };
}

describe('gen_ai.client.inference.operation.details', () => {
  it('EVENT_ONLY: the content is on the event, structured, and not on the span', async () => {
    const { chat, records } = await runEvaluateScenario({
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'EVENT_ONLY',
    });
    expect(chat.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(chat.attributes['gen_ai.output.messages']).toBeUndefined();
    const details = records.filter(
      (record) => record.eventName === 'gen_ai.client.inference.operation.details',
    );
    expect(details).toHaveLength(1);
    const [event] = details as [(typeof details)[number]];
    expect(event.traceId).toBe(chat.traceId);
    expect(event.spanId).toBe(chat.spanId);
    expect(event.severityNumber).toBe(5);
    expect(event.scope).toBe('genai-otel');
    expect(event.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.id': 'chatcmpl-bouvet-1',
      'gen_ai.usage.input_tokens': 22,
      'gen_ai.input.messages': [
        { role: 'user', parts: [{ type: 'text', content: 'Which ocean contains Bouvet Island?' }] },
      ],
      'gen_ai.output.messages': [
        { role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' },
      ],
    });
  });

  it('SPAN_AND_EVENT: the content is on both', async () => {
    const { chat, records } = await runEvaluateScenario({
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'span_and_event',
    });
    expect(JSON.parse(chat.attributes['gen_ai.output.messages'] as string)[0].parts[0].content).toBe(ANSWER);
    const event = records.find((record) => record.eventName === 'gen_ai.client.inference.operation.details');
    expect(event?.attributes['gen_ai.output.messages']).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' },
    ]);
  });

  it('SPAN_ONLY (and true): no operation-details event', async () => {
    const { chat, records } = await runEvaluateScenario({
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
    });
    expect(chat.attributes['gen_ai.input.messages']).toBeDefined();
    expect(records.map((record) => record.eventName)).toEqual(['gen_ai.evaluation.result']);
  });

  it('warns once when the events have nowhere to go', async () => {
    const { stderr } = await runEvaluateScenario({
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'EVENT_ONLY',
      OTEL_LOGS_EXPORTER: 'none',
    });
    expect(stderr.match(/records content on log events, but no log exporter is configured/g)).toHaveLength(1);
    expect(receivedLogRecords(receiver)).toEqual([]);
  });
});

describe('the log pipeline', () => {
  it('scrubs API keys from the event content, as from spans', async () => {
    const { records } = await runEvaluateScenario(
      { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'EVENT_ONLY' },
      'leaky',
    );
    const event = records.find((record) => record.eventName === 'gen_ai.client.inference.operation.details');
    expect(event?.attributes['gen_ai.input.messages']).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Why does [REDACTED:api_key] get a 401?' }] },
    ]);
  });

  it('does not load the logs SDK in an app that emits no GenAI event', async () => {
    const { stdout, records } = await runEvaluateScenario({}, 'plain');
    expect(stdout).toContain('logs SDK loaded: false');
    expect(records).toEqual([]);
  });
});

describe('recordEvaluation', () => {
  it('emits gen_ai.evaluation.result parented to the span of the evaluated response', async () => {
    const { chat, records } = await runEvaluateScenario({});
    const evaluations = records.filter((record) => record.eventName === 'gen_ai.evaluation.result');
    expect(evaluations).toHaveLength(1);
    const [evaluation] = evaluations as [(typeof evaluations)[number]];
    expect(evaluation.traceId).toBe(chat.traceId);
    expect(evaluation.spanId).toBe(chat.spanId);
    expect(evaluation.attributes).toEqual({
      'gen_ai.evaluation.name': 'relevance',
      'gen_ai.evaluation.score.value': 0.92,
      'gen_ai.evaluation.score.label': 'relevant',
      'gen_ai.evaluation.explanation': 'Names the right ocean.',
      'gen_ai.response.id': 'chatcmpl-bouvet-1',
    });
    expect(evaluation.resource['service.name']).toBe('events-fixture');
  });
});
