import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDetail, TraceList } from '../../src/viewer/model';
import { type StartedViewer, startViewerServer } from '../../src/viewer/server/viewer-server';
import { JaegerSource } from '../../src/viewer/sources/jaeger-source';
import { TempoSource } from '../../src/viewer/sources/tempo-source';
import { SpanStore } from '../../src/viewer/store/span-store';
import {
  chatCompletion,
  chatCompletionChunks,
  type OpenAIWireServer,
  startOpenAIWireServer,
} from '../support/openai-wire-server';
import { PROJECT_ROOT, runNodeApp } from '../support/run-node-app';
import { type RunningJaeger, startJaeger } from './backends/jaeger';
import { type RunningTempo, startTempo } from './backends/tempo';
import { pollFor } from './support/poll-for';

/**
 * `genai-otel view --source tempo=… --source jaeger=…`: the viewer's API reading the trip agent's
 * trace from real Tempo and Jaeger (built by global-setup), in the same shapes as the local store.
 * Needs `npm run build` first (the app loads genai-otel from dist/).
 */
let wire: OpenAIWireServer;
let jaeger: RunningJaeger;
let tempo: RunningTempo;
let store: SpanStore;
let viewer: StartedViewer;

beforeAll(async () => {
  const started = await Promise.allSettled([startOpenAIWireServer(), startJaeger(), startTempo()]);
  [wire, jaeger, tempo] = started.map((result) =>
    result.status === 'fulfilled' ? result.value : undefined,
  ) as [OpenAIWireServer, RunningJaeger, RunningTempo];
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  store = new SpanStore({ path: ':memory:' });
  viewer = await startViewerServer({
    store,
    port: 0,
    remoteSources: [new TempoSource(tempo.apiUrl), new JaegerSource(jaeger.queryUrl)],
  });
});

afterAll(async () => {
  await Promise.allSettled([viewer?.close(), jaeger?.stop(), tempo?.stop(), wire?.close()]);
  store?.close();
});

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
        usage: { prompt: 57, completion: 41 },
      }),
    },
    {
      kind: 'sse',
      events: chatCompletionChunks({
        pieces: [['It is 18 °C', ' with light rain;', ' the clock service is down.']],
        includeUsage: true,
        usage: { prompt: 118, completion: 12 },
      }),
    },
  );
}

/** Runs the trip agent exporting to one backend; resolves to its trace id and service name. */
async function runTripAgent(
  endpoint: string,
  backend: string,
): Promise<{ traceId: string; serviceName: string }> {
  queueModelTurns();
  const serviceName = `viewer-sources-${backend}-${Date.now()}`;
  const run = await runNodeApp(`${PROJECT_ROOT}/test/e2e/fixtures/trip-agent-app.mjs`, {
    loader: 'import',
    timeoutMillis: 60_000,
    env: {
      OPENAI_BASE_URL: wire.baseURL,
      OTEL_SERVICE_NAME: serviceName,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
    },
  });
  const traceId = /^trace-id: ([0-9a-f]{32})$/m.exec(run.stdout)?.[1];
  expect({ code: run.code, traceId, stderr: run.stderr }).toMatchObject({ code: 0, stderr: '' });
  return { traceId: traceId as string, serviceName };
}

async function api<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${viewer.url}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

/** The trip agent's trace as the viewer shows it, whichever backend it came from. */
function expectTripAgentDetail(detail: TraceDetail, traceId: string, serviceName: string): void {
  expect(detail.traceId).toBe(traceId);
  expect(detail.spans).toHaveLength(5);
  expect(detail.summary).toMatchObject({
    traceId,
    rootName: 'invoke_agent trip-helper',
    serviceName,
    status: 'error',
    spanCount: 5,
    errorCount: 1,
    providers: ['openai'],
    inputTokens: 57 + 118,
    outputTokens: 41 + 12,
  });
  // The agent span names the requested model, the chat spans the one that answered.
  expect([...detail.summary.models].sort()).toEqual(['gpt-4o-mini', 'gpt-4o-mini-2024-07-18']);
  expect(detail.summary.costUsd).toBeGreaterThan(0);
  const chat = detail.spans.find(
    (span) => span.name === 'chat gpt-4o-mini' && span.attributes['gen_ai.usage.input_tokens'] === 57,
  );
  expect(chat).toMatchObject({ kind: 'client', serviceName, parentSpanId: detail.spans[0]?.spanId });
  expect(chat?.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
  expect(JSON.parse(chat?.attributes['gen_ai.input.messages'] as string)[0]).toMatchObject({
    role: expect.any(String),
  });
  const clock = detail.spans.find((span) => span.name === 'execute_tool get_local_time');
  expect(clock?.status).toEqual({ code: 'error', message: 'time service unavailable' });
}

describe('viewer sources', () => {
  it('lists the configured sources', async () => {
    const { body } = await api<{ sources: Array<{ id: string; kind: string; url?: string }> }>(
      '/api/sources',
    );
    expect(body.sources.map((source) => [source.id, source.kind])).toEqual([
      ['local', 'local'],
      ['tempo', 'tempo'],
      ['jaeger', 'jaeger'],
    ]);
    expect(body.sources[1]?.url).toBe(tempo.apiUrl);
  });

  it('reads a trace from Jaeger: by id, in the list with filters, and the facets', async () => {
    const { traceId, serviceName } = await runTripAgent(jaeger.otlpUrl, 'jaeger');
    const detail = await pollFor('the trace in Jaeger through the viewer', async () => {
      const answer = await api<TraceDetail>(`/api/traces/${traceId}?source=jaeger`);
      return {
        value: answer.status === 200 && answer.body.spans.length === 5 ? answer.body : undefined,
        seen: JSON.stringify(answer),
      };
    });
    expectTripAgentDetail(detail, traceId, serviceName);

    const list = await api<TraceList>(`/api/traces?source=jaeger&service=${serviceName}`);
    expect(list.body.traces).toEqual([detail.summary]);
    const idsFor = async (query: string) =>
      (await api<TraceList>(`/api/traces?source=jaeger&service=${serviceName}&${query}`)).body.traces.map(
        (trace) => trace.traceId,
      );
    expect(await idsFor('model=gpt-4o-mini-2024-07-18')).toEqual([traceId]);
    expect(await idsFor('model=gpt-5')).toEqual([]);
    expect(await idsFor('status=error')).toEqual([traceId]);
    expect(await idsFor('status=ok')).toEqual([]);
    expect(await idsFor('q=Paris')).toEqual([traceId]);
    expect(await idsFor('q=Reykjavik')).toEqual([]);
    // Without a service, every service Jaeger knows is searched.
    expect(
      (await api<TraceList>('/api/traces?source=jaeger')).body.traces.map((trace) => trace.traceId),
    ).toContain(traceId);

    const facets = await api<{ services: string[]; models: string[] }>('/api/facets?source=jaeger');
    expect(facets.body.services).toContain(serviceName);
    expect(facets.body.models).toContain('gpt-4o-mini-2024-07-18');
    expect((await api(`/api/traces/${'0'.repeat(31)}1?source=jaeger`)).status).toBe(404);
  });

  it('reads a trace from Tempo: by id, in the TraceQL-backed list with filters, and the facets', async () => {
    const { traceId, serviceName } = await runTripAgent(tempo.otlpUrl, 'tempo');
    const detail = await pollFor('the trace in Tempo through the viewer', async () => {
      const answer = await api<TraceDetail>(`/api/traces/${traceId}?source=tempo`);
      return {
        value: answer.status === 200 && answer.body.spans.length === 5 ? answer.body : undefined,
        seen: JSON.stringify(answer),
      };
    });
    expectTripAgentDetail(detail, traceId, serviceName);

    // Search reads only blocks the ingester has cut (about a second after the trace goes idle).
    const listed = await pollFor(
      'the trace in the Tempo search',
      async () => {
        const answer = await api<TraceList>(`/api/traces?source=tempo&service=${serviceName}`);
        return {
          value: answer.body.traces?.length === 1 ? answer.body : undefined,
          seen: JSON.stringify(answer),
        };
      },
      { timeoutMillis: 90_000, intervalMillis: 1_000 },
    );
    expect(listed.traces).toEqual([detail.summary]);
    const idsFor = async (query: string) =>
      (await api<TraceList>(`/api/traces?source=tempo&service=${serviceName}&${query}`)).body.traces.map(
        (trace) => trace.traceId,
      );
    expect(await idsFor('model=gpt-4o-mini-2024-07-18')).toEqual([traceId]);
    expect(await idsFor('provider=openai&status=error')).toEqual([traceId]);
    expect(await idsFor('model=gpt-5')).toEqual([]);
    expect(await idsFor('status=ok')).toEqual([]);
    expect(await idsFor('q=Paris')).toEqual([traceId]);
    expect(await idsFor('minDurationMs=600000')).toEqual([]);

    const facets = await api<{ services: string[]; providers: string[]; models: string[] }>(
      '/api/facets?source=tempo',
    );
    expect(facets.body.services).toContain(serviceName);
    expect(facets.body.providers).toContain('openai');
    expect(facets.body.models).toEqual(expect.arrayContaining(['gpt-4o-mini', 'gpt-4o-mini-2024-07-18']));
    expect((await api(`/api/traces/${'0'.repeat(31)}1?source=tempo`)).status).toBe(404);
  });

  it('answers 502 with the reason when a source is down, and the overview only for the local store', async () => {
    const downStore = new SpanStore({ path: ':memory:' });
    const down = await startViewerServer({
      store: downStore,
      port: 0,
      remoteSources: [new TempoSource('http://127.0.0.1:9')],
    });
    try {
      const response = await fetch(`${down.url}/api/traces?source=tempo`);
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: string }).error).toMatch(
        /Tempo \(127.0.0.1:9\) at http:\/\/127.0.0.1:9 could not be reached/,
      );
    } finally {
      await down.close();
      downStore.close();
    }
    expect((await api('/api/overview?source=jaeger')).status).toBe(400);
  });
});
