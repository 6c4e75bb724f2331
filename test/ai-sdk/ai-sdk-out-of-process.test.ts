import { describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion, response, responseEvents } from '../support/openai-wire-server';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';
import { weatherToolCallAnswer } from './support/weather-tool-answers';

/**
 * AI SDK apps with no telemetry code, run as users run them (`node --require|--import
 * genai-otel/register`), against the local OpenAI wire server and a local OTLP receiver. Needs
 * `npm run build` first: apps load genai-otel from dist/.
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();

/** Replies for test/ai-sdk/fixtures/ai-sdk-scenario.cjs, in its order. */
function queueScenarioReplies(): void {
  wire.enqueue(
    'POST /v1/responses',
    { kind: 'json', body: response({ text: 'The South Atlantic Ocean.' }) },
    { kind: 'sse', events: responseEvents({ deltas: ['Ant', 'arctica', '.'] }) },
  );
  wire.enqueue('POST /v1/chat/completions', weatherToolCallAnswer(), {
    kind: 'json',
    body: chatCompletion({ choices: [{ content: 'It is 18°C in Paris.' }] }),
  });
}

function byId(spans: ReceivedSpan[], spanId: string | undefined): ReceivedSpan | undefined {
  return spans.find((span) => span.spanId === spanId);
}

describe.each([
  { loader: 'require' as const, app: 'test/ai-sdk/fixtures/ai-sdk-app.cjs' },
  { loader: 'import' as const, app: 'test/ai-sdk/fixtures/ai-sdk-app.mjs' },
])('an ai 7 app under node --$loader genai-otel/register', ({ loader, app }) => {
  it('exports the GenAI tree for text, stream and a tool loop, and the metrics', async () => {
    queueScenarioReplies();
    const run = await runNodeApp(app, {
      loader,
      env: exitFlushedOtlpEnv(receiver.url, 'ai-sdk-fixture', { OPENAI_BASE_URL: wire.baseURL }),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      'scenario done: The South Atlantic Ocean. | Antarctica. | It is 18°C in Paris.',
    );
    expect(run.code).toBe(0);

    const spans = await receiver.waitForSpans(8);
    expect(spans.map((span) => span.name).sort()).toEqual(
      [
        'invoke_workflow generateText',
        'chat gpt-4.1-mini',
        'invoke_workflow streamText',
        'chat gpt-4.1-mini',
        'invoke_agent weather_agent',
        'chat gpt-4o-mini',
        'execute_tool get_weather',
        'chat gpt-4o-mini',
      ].sort(),
    );
    const agent = spans.find((span) => span.name === 'invoke_agent weather_agent');
    const agentChildren = spans
      .filter((span) => span.parentSpanId === agent?.spanId)
      .map((span) => span.name);
    expect(agentChildren.sort()).toEqual([
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
      'execute_tool get_weather',
    ]);
    const streamed = spans.find((span) => span.attributes['gen_ai.request.stream'] === true);
    expect(byId(spans, streamed?.parentSpanId)?.name).toBe('invoke_workflow streamText');
    expect(streamed?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    for (const chat of spans.filter((span) => span.name.startsWith('chat '))) {
      expect(chat.attributes['gen_ai.provider.name']).toBe('openai');
      expect(chat.kind).toBe(3);
    }

    const duration = await receiver.waitForMetric('gen_ai.client.operation.duration');
    expect(duration.points.reduce((total, point) => total + (point.count ?? 0), 0)).toBe(4);
    await receiver.waitForMetric('gen_ai.client.operation.time_to_first_chunk');
  });
});

describe('an ai 6 app under node --require genai-otel/register', () => {
  it('exports the calls made with experimental_telemetry, mapped onto the conventions', async () => {
    wire.enqueue(
      'POST /v1/responses',
      { kind: 'json', body: response({ text: 'The Southern Ocean.' }) },
      { kind: 'json', body: response({ text: 'Antarctica.' }) },
    );
    const run = await runNodeApp('test/ai-sdk/fixtures/ai-v6-app.cjs', {
      loader: 'require',
      env: exitFlushedOtlpEnv(receiver.url, 'ai-v6-fixture', { OPENAI_BASE_URL: wire.baseURL }),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('scenario done');
    expect(run.code).toBe(0);
    const spans = await receiver.waitForSpans(2);
    expect(spans.map((span) => span.name).sort()).toEqual([
      'chat gpt-4.1-mini',
      'invoke_workflow ocean_quiz',
    ]);
    const chat = spans.find((span) => span.name === 'chat gpt-4.1-mini');
    expect(chat?.attributes['gen_ai.provider.name']).toBe('openai');
    expect(chat?.attributes['gen_ai.usage.input_tokens']).toBe(36);
    expect(byId(spans, chat?.parentSpanId)?.name).toBe('invoke_workflow ocean_quiz');
  });
});
