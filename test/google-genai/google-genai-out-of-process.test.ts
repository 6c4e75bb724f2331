import { beforeEach, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import {
  geminiEmbeddings,
  geminiError,
  geminiJson,
  geminiResponse,
  geminiRoute,
  geminiSse,
  geminiStreamEvents,
  vertexRoute,
} from '../support/gemini-wire-server';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * Runs small apps the way users run theirs (`node --require|--import genai-otel/register`) against
 * the local Gemini wire server and a local OTLP receiver. Needs `npm run build` first: apps load
 * genai-otel from dist/.
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();

/** Replies for test/google-genai/fixtures/google-genai-scenario.cjs, in its order. */
function queueScenarioReplies(apiVersion: string): void {
  wire.enqueue(
    geminiRoute('gemini-2.5-flash', 'generateContent', apiVersion),
    geminiJson(geminiResponse({ usage: { prompt: 22, candidates: 4, thoughts: 16 } })),
    geminiJson(geminiResponse({ candidates: [{ parts: 'Hello Ada!', finishReason: 'STOP' }] })),
    geminiError(429, 'Resource has been exhausted (e.g. check quota).'),
  );
  wire.enqueue(
    geminiRoute('gemini-2.5-flash', 'streamGenerateContent', apiVersion),
    geminiSse(
      geminiStreamEvents({ texts: ['One,', ' two,', ' three.'], usage: { prompt: 6, candidates: 5 } }),
    ),
  );
  wire.enqueue(
    geminiRoute('gemini-embedding-001', 'batchEmbedContents', apiVersion),
    geminiJson(geminiEmbeddings(2, 8)),
  );
  wire.enqueue(
    vertexRoute('gemini-2.5-pro', 'generateContent'),
    geminiJson(geminiResponse({ modelVersion: 'gemini-2.5-pro' })),
  );
}

const env = (extra: Record<string, string> = {}) =>
  exitFlushedOtlpEnv(receiver.url, 'google-genai-fixture', { GEMINI_BASE_URL: wire.url, ...extra });

function expectScenarioSpans(spans: ReceivedSpan[]): void {
  const genai = spans.filter((span) => span.attributes['gen_ai.operation.name'] !== undefined);
  expect(genai.map((span) => [span.name, span.attributes['gen_ai.provider.name']])).toEqual([
    ['generate_content gemini-2.5-flash', 'gcp.gemini'],
    ['generate_content gemini-2.5-flash', 'gcp.gemini'],
    ['generate_content gemini-2.5-flash', 'gcp.gemini'],
    ['embeddings gemini-embedding-001', 'gcp.gemini'],
    ['generate_content gemini-2.5-flash', 'gcp.gemini'],
    ['generate_content gemini-2.5-pro', 'gcp.vertex_ai'],
  ]);
  const [generated, streamed, chat, embeddings, failed] = genai as ReceivedSpan[] as [
    ReceivedSpan,
    ReceivedSpan,
    ReceivedSpan,
    ReceivedSpan,
    ReceivedSpan,
  ];
  for (const span of genai) expect(span.kind).toBe(3);
  expect(generated.attributes['gen_ai.usage.input_tokens']).toBe(22);
  expect(generated.attributes['gen_ai.usage.output_tokens']).toBe(20);
  expect(generated.attributes['gen_ai.usage.reasoning.output_tokens']).toBe(16);
  expect(streamed.attributes['gen_ai.request.stream']).toBe(true);
  expect(streamed.attributes['gen_ai.usage.output_tokens']).toBe(5);
  expect(streamed.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  expect(chat.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  expect(embeddings.attributes['gen_ai.embeddings.dimension.count']).toBe(8);
  expect(failed.status.code).toBe(2);
  expect(failed.attributes['error.type']).toBe('429');
}

describe.each([
  { loader: 'require' as const, app: 'test/google-genai/fixtures/google-genai-app.cjs' },
  { loader: 'import' as const, app: 'test/google-genai/fixtures/google-genai-app.mjs' },
])('@google/genai 3 under node --$loader genai-otel/register', ({ loader, app }) => {
  beforeEach(() => queueScenarioReplies('v1'));

  it('exports exactly one correct span per model call, and the GenAI metrics', async () => {
    const run = await runNodeApp(app, { loader, env: env() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('scenario done');
    expect(run.code).toBe(0);
    expectScenarioSpans(await receiver.waitForSpans(6));
    const duration = await receiver.waitForMetric('gen_ai.client.operation.duration');
    expect(duration.points.reduce((total, point) => total + (point.count ?? 0), 0)).toBe(6);
    await receiver.waitForMetric('gen_ai.client.operation.time_to_first_chunk');
  });

  it('records message content only with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true', async () => {
    const run = await runNodeApp(app, {
      loader,
      env: env({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }),
    });
    expect(run.code).toBe(0);
    const [first] = await receiver.waitForSpans(6);
    expect(JSON.parse(String(first?.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Which ocean contains Bouvet Island?' }] },
    ]);
  });

  it('is off with OTEL_NODE_DISABLED_INSTRUMENTATIONS=google-genai', async () => {
    const run = await runNodeApp(app, {
      loader,
      env: env({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'google-genai' }),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('scenario done');
    expect(wire.requests).toHaveLength(6);
    const spans = await receiver.waitForSpans(0);
    expect(spans.filter((span) => span.attributes['gen_ai.operation.name'] !== undefined)).toEqual([]);
  });
});

describe('@google/genai/node (the Node entry) under node --import genai-otel/register', () => {
  beforeEach(() => queueScenarioReplies('v1'));

  it('exports exactly one correct span per model call', async () => {
    const run = await runNodeApp('test/google-genai/fixtures/google-genai-node-app.mjs', {
      loader: 'import',
      env: env(),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectScenarioSpans(await receiver.waitForSpans(6));
  });
});

describe.each(['google-genai-v1', 'google-genai-v2'])(
  '%s instrumented by hand under --require',
  (packageName) => {
    beforeEach(() => queueScenarioReplies('v1beta'));

    it('exports exactly one correct span per model call', async () => {
      const run = await runNodeApp('test/google-genai/fixtures/google-genai-manual-app.cjs', {
        loader: 'require',
        args: [packageName],
        env: env(),
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expectScenarioSpans(await receiver.waitForSpans(6));
    });
  },
);
