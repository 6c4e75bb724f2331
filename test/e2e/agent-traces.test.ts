import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatCompletion,
  chatCompletionChunks,
  type OpenAIWireServer,
  startOpenAIWireServer,
} from '../support/openai-wire-server';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { PROJECT_ROOT, runNodeApp } from '../support/run-node-app';
import { type RunningJaeger, startJaeger } from './backends/jaeger';
import { type RunningCollector, startCollector } from './backends/otel-collector';
import { type RunningTempo, startTempo } from './backends/tempo';
import { jaegerSearchByService, jaegerTraceById, jaegerUiTrace } from './support/jaeger-queries';
import type { StoredSpan } from './support/stored-spans';
import { tempoTraceById, tempoTraceQLSearch } from './support/tempo-queries';

/**
 * The trip agent (test/e2e/fixtures) run the way users run it — `node --require|--import
 * genai-otel/register` — exporting OTLP to real Jaeger v2, Grafana Tempo and an OpenTelemetry
 * Collector that fans out to both; the trace is then read back through each backend's query API.
 * Needs `npm run build` first (the apps load genai-otel from dist/).
 */
let wire: OpenAIWireServer;
let jaeger: RunningJaeger;
let tempo: RunningTempo;
let collector: RunningCollector;
let metricsReceiver: OtlpReceiver;

beforeAll(async () => {
  const started = await Promise.allSettled([
    startOpenAIWireServer(),
    startJaeger(),
    startTempo(),
    startOtlpReceiver(),
  ]);
  [wire, jaeger, tempo, metricsReceiver] = started.map((result) =>
    result.status === 'fulfilled' ? result.value : undefined,
  ) as [OpenAIWireServer, RunningJaeger, RunningTempo, OtlpReceiver];
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  collector = await startCollector({
    jaegerOtlpUrl: jaeger.otlpUrl,
    tempoOtlpUrl: tempo.otlpUrl,
    metricsOtlpUrl: metricsReceiver.url,
  });
});

afterAll(async () => {
  // Every started process is stopped, whatever failed.
  await Promise.allSettled([
    collector?.stop(),
    jaeger?.stop(),
    tempo?.stop(),
    wire?.close(),
    metricsReceiver?.close(),
  ]);
});

const FIRST_TURN_USAGE = { prompt: 57, completion: 41 };
const SECOND_TURN_USAGE = { prompt: 118, completion: 12 };

/** The model's two turns: ask for both tools (plain JSON), then answer (streamed). */
function queueModelTurns(): void {
  wire.enqueue(
    'POST /v1/chat/completions',
    {
      kind: 'json',
      body: chatCompletion({
        choices: [
          {
            toolCalls: [
              { id: 'call_weather_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
              { id: 'call_time_paris', name: 'get_local_time', arguments: '{"timezone":"Europe/Paris"}' },
            ],
          },
        ],
        usage: FIRST_TURN_USAGE,
      }),
    },
    {
      kind: 'sse',
      events: chatCompletionChunks({
        pieces: [['It is 18 °C', ' with light rain;', ' the clock service is down.']],
        includeUsage: true,
        usage: SECOND_TURN_USAGE,
      }),
    },
  );
}

interface AgentRun {
  traceId: string;
  serviceName: string;
}

type Loader = 'require' | 'import';
type Protocol = 'http/protobuf' | 'http/json';

/**
 * `metrics: 'none'` when the endpoint is Jaeger or Tempo: they store traces only and refuse
 * `/v1/metrics` (docs/backends.md tells users the same).
 */
async function runTripAgent(
  loader: Loader,
  protocol: Protocol,
  endpoint: string,
  metrics: 'otlp' | 'none',
): Promise<AgentRun> {
  queueModelTurns();
  const serviceName = `e2e-trip-agent-${loader}-${protocol.replace('http/', '')}-${Date.now()}`;
  const app = `${PROJECT_ROOT}/test/e2e/fixtures/trip-agent-app.${loader === 'require' ? 'cjs' : 'mjs'}`;
  const run = await runNodeApp(app, {
    loader,
    timeoutMillis: 60_000,
    env: {
      OPENAI_BASE_URL: wire.baseURL,
      OTEL_SERVICE_NAME: serviceName,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_METRICS_EXPORTER: metrics,
      OTEL_METRIC_EXPORT_INTERVAL: '600000', // metrics go out once, at the normal exit
    },
  });
  const traceId = /^trace-id: ([0-9a-f]{32})$/m.exec(run.stdout)?.[1];
  expect({ code: run.code, traceId, stderr: run.stderr }).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain('answer: It is 18 °C with light rain; the clock service is down.');
  return { traceId: traceId as string, serviceName };
}

/** agent → chat → tool → tool (failed) → chat, with the GenAI attributes a user filters on. */
function expectTripAgentTrace(spans: StoredSpan[], { traceId, serviceName }: AgentRun): void {
  expect(spans).toHaveLength(5);
  for (const span of spans) {
    expect(span.traceId).toBe(traceId);
    expect(span.resource['service.name']).toBe(serviceName);
    expect(span.resource['telemetry.sdk.language']).toBe('nodejs');
  }
  const roots = spans.filter((span) => span.parentSpanId === undefined);
  expect(roots.map((span) => span.name)).toEqual(['invoke_agent trip-helper']);
  const agent = roots[0] as StoredSpan;
  expect(agent.attributes).toMatchObject({
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'trip-helper',
    'gen_ai.provider.name': 'openai',
  });

  const children = spans
    .filter((span) => span.parentSpanId === agent.spanId)
    // Starts have millisecond resolution: of two spans starting in the same millisecond, the one
    // that ended first ran first.
    .sort(
      (a, b) =>
        compareNanos(a.startTimeUnixNano, b.startTimeUnixNano) ||
        compareNanos(a.endTimeUnixNano, b.endTimeUnixNano),
    );
  expect(children.map((span) => span.name)).toEqual([
    'chat gpt-4o-mini',
    'execute_tool get_weather',
    'execute_tool get_local_time',
    'chat gpt-4o-mini',
  ]);
  const [firstChat, weather, clock, secondChat] = children as [
    StoredSpan,
    StoredSpan,
    StoredSpan,
    StoredSpan,
  ];

  for (const [chat, usage, finishReason] of [
    [firstChat, FIRST_TURN_USAGE, 'tool_call'], // OpenAI's `tool_calls`, in the semconv's words
    [secondChat, SECOND_TURN_USAGE, 'stop'],
  ] as const) {
    expect(chat.kind).toBe(3); // CLIENT
    expect(chat.status).not.toBe('ERROR');
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': usage.prompt,
      'gen_ai.usage.output_tokens': usage.completion,
      'gen_ai.response.finish_reasons': [finishReason],
    });
  }
  expect(secondChat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);

  expect(weather.status).not.toBe('ERROR');
  expect(weather.attributes).toMatchObject({
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'get_weather',
    'gen_ai.tool.call.id': 'call_weather_paris',
    'gen_ai.tool.type': 'function',
  });
  expect(clock.status).toBe('ERROR');
  expect(clock.statusMessage).toBe('time service unavailable');
  expect(clock.attributes).toMatchObject({
    'gen_ai.tool.name': 'get_local_time',
    'gen_ai.tool.call.id': 'call_time_paris',
    'error.type': 'Error',
  });

  // Content capture is off by default: no prompt, answer or tool argument reached the backend.
  for (const span of spans) {
    expect(Object.keys(span.attributes).filter((key) => /messages|arguments|result/.test(key))).toEqual([]);
  }
}

describe('straight to Jaeger v2', () => {
  it.each([
    ['require', 'http/protobuf'],
    ['import', 'http/json'],
  ] as const)('--%s, %s: the trace is in /api/v3/traces', async (loader, protocol) => {
    const run = await runTripAgent(loader, protocol, jaeger.otlpUrl, 'none');

    expectTripAgentTrace(await jaegerTraceById(jaeger.queryUrl, run.traceId, 5), run);
    expect(await jaegerSearchByService(jaeger.queryUrl, run.serviceName, run.traceId)).toEqual([run.traceId]);

    // What the Jaeger UI shows: the service, and the failed tool flagged as an error.
    const ui = await jaegerUiTrace(jaeger.queryUrl, run.traceId);
    const failedTool = ui.spans.find((span) => span.operationName === 'execute_tool get_local_time');
    expect(ui.processes[failedTool?.processID ?? '']?.serviceName).toBe(run.serviceName);
    expect(failedTool?.tags).toEqual(
      expect.arrayContaining([
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'gen_ai.tool.name', type: 'string', value: 'get_local_time' },
      ]),
    );
  });
});

describe('straight to Grafana Tempo', () => {
  it.each([
    ['import', 'http/protobuf'],
    ['require', 'http/json'],
  ] as const)(
    '--%s, %s: the trace is in /api/v2/traces and TraceQL finds its error',
    async (loader, protocol) => {
      const run = await runTripAgent(loader, protocol, tempo.otlpUrl, 'none');

      expectTripAgentTrace(await tempoTraceById(tempo.apiUrl, run.traceId, 5), run);
      const match = await tempoTraceQLSearch(
        tempo.apiUrl,
        `{ resource.service.name = "${run.serviceName}" && span.gen_ai.tool.name = "get_local_time" && status = error }`,
        run.traceId,
      );
      expect(match).toMatchObject({
        rootServiceName: run.serviceName,
        rootTraceName: 'invoke_agent trip-helper',
      });
      expect(match.spanSets?.[0]?.matched).toBe(1);
    },
  );
});

describe('through the OpenTelemetry Collector', () => {
  it('fans the trace out to Jaeger and Tempo and forwards the GenAI metrics', async () => {
    const run = await runTripAgent('import', 'http/protobuf', collector.otlpUrl, 'otlp');

    expectTripAgentTrace(await jaegerTraceById(jaeger.queryUrl, run.traceId, 5), run);
    expectTripAgentTrace(await tempoTraceById(tempo.apiUrl, run.traceId, 5), run);

    const duration = await metricsReceiver.waitForMetric('gen_ai.client.operation.duration', 30_000);
    expect(duration.resource['service.name']).toBe(run.serviceName);
    expect(duration.type).toBe('histogram');
    expect(duration.points.map((point) => point.attributes)).toContainEqual(
      expect.objectContaining({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
      }),
    );
    const tokens = await metricsReceiver.waitForMetric('gen_ai.client.token.usage', 30_000);
    const tokenSums = Object.fromEntries(
      tokens.points.map((point) => [String(point.attributes['gen_ai.token.type']), point.sum]),
    );
    expect(tokenSums).toEqual({
      input: FIRST_TURN_USAGE.prompt + SECOND_TURN_USAGE.prompt,
      output: FIRST_TURN_USAGE.completion + SECOND_TURN_USAGE.completion,
    });
  });
});

function compareNanos(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
