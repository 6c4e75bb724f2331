import { beforeEach, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import {
  chatCompletion,
  chatCompletionChunks,
  embeddingList,
  errorReply,
  response,
  responseEvents,
} from '../support/openai-wire-server';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * Runs small apps the way users run theirs (`node --require|--import genai-otel/register`) against
 * the local OpenAI wire server and a local OTLP receiver. Needs `npm run build` first: apps load
 * genai-otel from dist/.
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
beforeEach(queueScenarioReplies);

/** Replies for test/openai/fixtures/openai-scenario.cjs, in its order. */
function queueScenarioReplies(): void {
  wire.enqueue(
    'POST /v1/chat/completions',
    errorReply(429),
    { kind: 'json', body: chatCompletion({ usage: { prompt: 22, completion: 4, cached: 0 } }) },
    {
      kind: 'sse',
      events: chatCompletionChunks({ includeUsage: true, usage: { prompt: 31, completion: 3 } }),
    },
    { kind: 'sse', events: chatCompletionChunks(), delayMs: 5 },
    errorReply(400),
  );
  wire.enqueue(
    'POST /v1/responses',
    { kind: 'json', body: response() },
    { kind: 'sse', events: responseEvents() },
  );
  wire.enqueue('POST /v1/embeddings', { kind: 'json', body: embeddingList({ dimensions: 8 }) });
}

const env = (extra: Record<string, string> = {}) =>
  exitFlushedOtlpEnv(receiver.url, 'openai-fixture', { OPENAI_BASE_URL: wire.baseURL, ...extra });

function expectScenarioSpans(spans: ReceivedSpan[]): void {
  const genai = spans.filter((span) => span.attributes['gen_ai.operation.name'] !== undefined);
  expect(genai.map((span) => span.name)).toEqual([
    'chat gpt-4o-mini',
    'chat gpt-4o-mini',
    'chat gpt-4o-mini',
    'chat gpt-4.1-mini',
    'chat gpt-4.1-mini',
    'embeddings text-embedding-3-small',
    'chat gpt-4o-mini',
  ]);
  const [retried, streamed, abandoned, responses, streamedResponses, embeddings, failed] = genai as [
    ReceivedSpan,
    ReceivedSpan,
    ReceivedSpan,
    ReceivedSpan,
    ReceivedSpan,
    ReceivedSpan,
    ReceivedSpan,
  ];
  for (const span of genai) expect(span.kind).toBe(3);
  expect(retried.status.code).toBe(0);
  expect(retried.attributes['gen_ai.usage.input_tokens']).toBe(22);
  expect(streamed.attributes['gen_ai.usage.input_tokens']).toBe(31);
  expect(streamed.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  expect(abandoned.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  expect(responses.attributes['openai.api.type']).toBe('responses');
  expect(streamedResponses.attributes['gen_ai.usage.output_tokens']).toBe(87);
  expect(embeddings.attributes['gen_ai.embeddings.dimension.count']).toBe(8);
  expect(failed.status.code).toBe(2);
  expect(failed.attributes['error.type']).toBe('BadRequestError');
  expect(failed.events.map((event) => event.name)).toEqual(['exception']);
}

describe.each([
  { loader: 'require' as const, app: 'test/openai/fixtures/openai-app.cjs' },
  { loader: 'import' as const, app: 'test/openai/fixtures/openai-app.mjs' },
])('openai 7 under node --$loader genai-otel/register', ({ loader, app }) => {
  it('exports exactly one correct span per call, and the GenAI metrics', async () => {
    const run = await runNodeApp(app, { loader, env: env() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('scenario done');
    expect(run.code).toBe(0);
    expectScenarioSpans(await receiver.waitForSpans(7));
    expect(wire.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(5);
    const duration = await receiver.waitForMetric('gen_ai.client.operation.duration');
    expect(duration.points.reduce((total, point) => total + (point.count ?? 0), 0)).toBe(7);
    await receiver.waitForMetric('gen_ai.client.token.usage');
    await receiver.waitForMetric('gen_ai.client.operation.time_to_first_chunk');
  });

  it('records message content only with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true', async () => {
    const run = await runNodeApp(app, {
      loader,
      env: env({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }),
    });
    expect(run.code).toBe(0);
    const spans = await receiver.waitForSpans(7);
    const first = spans.find((span) => span.name === 'chat gpt-4o-mini');
    expect(JSON.parse(String(first?.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Which ocean contains Bouvet Island?' }] },
    ]);
  });
});

describe.each(['openai-v5', 'openai-v6'])('%s instrumented by hand under --require', (packageName) => {
  it('exports exactly one correct span per call', async () => {
    const run = await runNodeApp('test/openai/fixtures/openai-manual-app.cjs', {
      loader: 'require',
      args: [packageName],
      env: env(),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectScenarioSpans(await receiver.waitForSpans(7));
  });
});
