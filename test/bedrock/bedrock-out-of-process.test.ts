import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BEDROCK_TEST_CREDENTIALS,
  type BedrockWireServer,
  bedrockRoute,
  eventStream,
  invokeBody,
  json,
  startBedrockWireServer,
} from '../support/bedrock-wire-server';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { lateBound } from '../support/late-bound';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * Runs the Bedrock fixture apps the way users run theirs (`node --require|--import
 * genai-otel/register`) against the local h2c Bedrock server and a local OTLP receiver. Needs
 * `npm run build` first: apps load genai-otel from dist/.
 */
const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const server = lateBound<BedrockWireServer>('the Bedrock wire server');
const wire = server.standIn;
const receiver = useOtlpReceiver();

beforeAll(async () => server.set(await startBedrockWireServer()));
afterAll(async () => server.current()?.close());

beforeEach(() => {
  wire.reset();
  wire.enqueue(
    bedrockRoute(CLAUDE, 'converse'),
    json({
      output: { message: { role: 'assistant', content: [{ text: 'The Southern Ocean.' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 14, outputTokens: 6, totalTokens: 20 },
      metrics: { latencyMs: 300 },
    }),
  );
  wire.enqueue(
    bedrockRoute(CLAUDE, 'converse-stream'),
    eventStream([
      { event: 'messageStart', payload: { role: 'assistant' } },
      { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'The Southern' } } },
      { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: ' Ocean.' } } },
      { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
      { event: 'messageStop', payload: { stopReason: 'end_turn' } },
      { event: 'metadata', payload: { usage: { inputTokens: 14, outputTokens: 5, totalTokens: 19 } } },
    ]),
  );
  wire.enqueue(
    bedrockRoute(CLAUDE, 'invoke'),
    invokeBody({
      id: 'msg_bdrk_01Fixture',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-20250514',
      content: [{ type: 'text', text: 'The Southern Ocean.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 15, output_tokens: 6 },
    }),
  );
});

describe.each([
  { loader: 'require' as const, app: 'test/bedrock/fixtures/bedrock-app.cjs' },
  { loader: 'import' as const, app: 'test/bedrock/fixtures/bedrock-app.mjs' },
])('@aws-sdk/client-bedrock-runtime under node --$loader genai-otel/register', ({ loader, app }) => {
  it('exports exactly one span per model call, and no credential', async () => {
    const run = await runNodeApp(app, {
      loader,
      env: exitFlushedOtlpEnv(receiver.url, 'bedrock-fixture', {
        BEDROCK_ENDPOINT: wire.url,
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      }),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('scenario done');
    expect(run.code).toBe(0);
    const spans = (await receiver.waitForSpans(3)).filter(
      (span) => span.attributes['gen_ai.operation.name'] !== undefined,
    );
    expect(
      spans.map((span) => [
        span.name,
        span.attributes['gen_ai.provider.name'],
        span.attributes['gen_ai.usage.output_tokens'],
      ]),
    ).toEqual([
      [`chat ${CLAUDE}`, 'aws.bedrock', 6],
      [`chat ${CLAUDE}`, 'aws.bedrock', 5],
      [`chat ${CLAUDE}`, 'aws.bedrock', 6],
    ]);
    expect(spans[1]?.attributes['gen_ai.request.stream']).toBe(true);
    expect(spans[2]?.attributes['gen_ai.response.id']).toBe('msg_bdrk_01Fixture');
    const exported = JSON.stringify(spans, (_key, value) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    for (const secret of Object.values(BEDROCK_TEST_CREDENTIALS)) expect(exported).not.toContain(secret);
  });
});

describe('next to @opentelemetry/instrumentation-aws-sdk, under node --require genai-otel/register', () => {
  it('exports one span per model call and counts tokens once; other AWS calls keep their span', async () => {
    wire.enqueue(bedrockRoute(CLAUDE, 'count-tokens'), json({ inputTokens: 8 }));
    const run = await runNodeApp('test/bedrock/fixtures/bedrock-with-aws-sdk-app.cjs', {
      loader: 'require',
      env: exitFlushedOtlpEnv(receiver.url, 'bedrock-coexistence-fixture', { BEDROCK_ENDPOINT: wire.url }),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('scenario done');
    expect(run.code).toBe(0);
    const spans = await receiver.waitForSpans(4);
    expect(spans.map((span) => [span.name, span.scope])).toEqual([
      [`chat ${CLAUDE}`, 'genai-otel/instrumentation-bedrock'],
      [`chat ${CLAUDE}`, 'genai-otel/instrumentation-bedrock'],
      [`chat ${CLAUDE}`, 'genai-otel/instrumentation-bedrock'],
      ['BedrockRuntime.CountTokens', '@opentelemetry/instrumentation-aws-sdk'],
    ]);
    const tokenUsage = receiver.metrics.filter((metric) => metric.name === 'gen_ai.client.token.usage');
    expect(tokenUsage.map((metric) => metric.scope)).toEqual(['genai-otel/instrumentation-bedrock']);
    const inputTokens = tokenUsage
      .flatMap((metric) => metric.points)
      .filter((point) => point.attributes['gen_ai.token.type'] === 'input')
      .reduce((total, point) => total + (point.sum ?? 0), 0);
    // Converse 14 + ConverseStream 14 + InvokeModel 15, each once.
    expect(inputTokens).toBe(43);
  });
});
