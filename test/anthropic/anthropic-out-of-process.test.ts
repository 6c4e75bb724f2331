import { beforeEach, describe, expect, it } from 'vitest';
import { anthropicMessage, messageEvents } from '../support/anthropic-wire-server';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useAnthropicWireServer } from '../support/use-anthropic-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * Runs small apps the way users run theirs (`node --require|--import genai-otel/register`) against
 * the local Anthropic wire server and a local OTLP receiver. Needs `npm run build` first: apps load
 * genai-otel from dist/.
 */
const wire = useAnthropicWireServer();
const receiver = useOtlpReceiver();
const SONNET = 'claude-sonnet-4-6';

/** Replies for test/anthropic/fixtures/anthropic-scenario.cjs, in its order. */
beforeEach(() => {
  wire.enqueue(
    { kind: 'message', body: anthropicMessage({ usage: { input: 20, output: 10, cacheRead: 100 } }) },
    { kind: 'events', events: messageEvents({ usage: { input: 30, output: 12 } }) },
    { kind: 'events', events: messageEvents() },
    { kind: 'events', events: messageEvents({ model: 'anthropic.claude-sonnet-4-6' }) },
    { kind: 'message', body: anthropicMessage({ model: 'claude-sonnet-4-6' }) },
  );
});

const env = (extra: Record<string, string> = {}) =>
  exitFlushedOtlpEnv(receiver.url, 'anthropic-fixture', { ANTHROPIC_WIRE_URL: wire.url, ...extra });

function expectScenarioSpans(spans: ReceivedSpan[]): void {
  // Every span exported, not only GenAI ones: the SDK's own spans (1.x, 0.134+) must not appear.
  expect(spans.map((span) => [span.name, span.attributes['gen_ai.provider.name']])).toEqual([
    [`chat ${SONNET}`, 'anthropic'],
    [`chat ${SONNET}`, 'anthropic'],
    [`chat ${SONNET}`, 'anthropic'],
    ['chat anthropic.claude-sonnet-4-6', 'aws.bedrock'],
    ['chat claude-sonnet-4-6', 'gcp.vertex_ai'],
  ]);
  const [created, streamed] = spans as [ReceivedSpan, ReceivedSpan];
  for (const span of spans) expect(span.kind).toBe(3);
  expect(created.attributes['gen_ai.usage.input_tokens']).toBe(120);
  expect(streamed.attributes['gen_ai.usage.output_tokens']).toBe(12);
  expect(streamed.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
}

describe.each([
  { loader: 'require' as const, app: 'test/anthropic/fixtures/anthropic-app.cjs', args: [] },
  { loader: 'import' as const, app: 'test/anthropic/fixtures/anthropic-app.mjs', args: [] },
  { loader: 'require' as const, app: 'test/anthropic/fixtures/anthropic-app.cjs', args: ['v0'] },
])('node --$loader genai-otel/register $app $args', ({ loader, app, args }) => {
  it('exports exactly one correct span per call, and the GenAI metrics', async () => {
    const run = await runNodeApp(app, { loader, args, env: env() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('scenario done');
    expect(run.code).toBe(0);
    expectScenarioSpans(await receiver.waitForSpans(5));
    const duration = await receiver.waitForMetric('gen_ai.client.operation.duration');
    expect(duration.points.reduce((total, point) => total + (point.count ?? 0), 0)).toBe(5);
    await receiver.waitForMetric('gen_ai.client.token.usage');
  });
});

it('OTEL_NODE_ENABLED_INSTRUMENTATIONS without anthropic leaves the SDK alone', async () => {
  const run = await runNodeApp('test/anthropic/fixtures/anthropic-app.cjs', {
    loader: 'require',
    env: env({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'openai', ANTHROPIC_OPEN_TELEMETRY: 'false' }),
  });
  expect(run.code).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(receiver.spans.filter((span) => span.name.startsWith('chat '))).toEqual([]);
});

it('an ESM app that loads only the Bedrock client (so the SDK only by subpath) gets its span', async () => {
  const run = await runNodeApp('test/anthropic/fixtures/bedrock-only-app.mjs', {
    loader: 'import',
    env: env(),
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const [span] = await receiver.waitForSpans(1);
  expect([span?.name, span?.attributes['gen_ai.provider.name']]).toEqual([
    'chat anthropic.claude-sonnet-4-6',
    'aws.bedrock',
  ]);
});
