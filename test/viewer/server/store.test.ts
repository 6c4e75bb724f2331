import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../../src/viewer/model';
import { spansFromTraceRequest } from '../../../src/viewer/otlp/otlp-trace-request';
import { overview } from '../../../src/viewer/store/overview-query';
import { applyRetention } from '../../../src/viewer/store/retention';
import { SpanStore } from '../../../src/viewer/store/span-store';
import { getTrace, listFacets, listTraces } from '../../../src/viewer/store/trace-queries';
import { temporaryDirectory } from './support/in-process-viewer';
import { hexId, otlpJsonTraces, type TestSpan } from './support/otlp-payloads';

const stores: SpanStore[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function openStore(path = ':memory:'): SpanStore {
  const store = new SpanStore({ path });
  stores.push(store);
  return store;
}

function records(spans: TestSpan[]): SpanRecord[] {
  return spansFromTraceRequest(otlpJsonTraces(spans)).spans;
}

/** An agent trace: root, one chat call per model, a failing tool. */
function agentTrace(options: {
  startMs: number;
  service?: string;
  models?: string[];
  provider?: string;
  fail?: boolean;
  content?: string;
}): TestSpan[] {
  const traceId = hexId(16);
  const root: TestSpan = {
    traceId,
    spanId: hexId(8),
    name: 'invoke_agent trip-planner',
    startMs: options.startMs,
    durationMs: 2_000,
    service: options.service ?? 'trip-agent',
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'trip-planner' },
  };
  const chats = (options.models ?? ['gpt-4o-mini']).map(
    (model, index): TestSpan => ({
      traceId,
      spanId: hexId(8),
      parentSpanId: root.spanId,
      name: `chat ${model}`,
      kind: 3,
      startMs: options.startMs + 100 + index * 500,
      durationMs: 400 + index * 100,
      service: options.service ?? 'trip-agent',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': options.provider ?? 'openai',
        'gen_ai.request.model': model,
        'gen_ai.response.model': `${model}-2025`,
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 20,
        'gen_ai.response.time_to_first_chunk': 0.15,
        'genai_otel.cost.usd': 0.001,
        ...(options.content === undefined
          ? {}
          : {
              'gen_ai.input.messages': JSON.stringify([
                { role: 'user', parts: [{ type: 'text', content: options.content }] },
              ]),
            }),
      },
    }),
  );
  const tool: TestSpan = {
    traceId,
    spanId: hexId(8),
    parentSpanId: root.spanId,
    name: 'execute_tool get_weather',
    startMs: options.startMs + 1_500,
    durationMs: 50,
    service: options.service ?? 'trip-agent',
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' },
    ...(options.fail ? { status: { code: 2, message: 'weather service down' } } : {}),
  };
  return [root, ...chats, tool];
}

describe('SpanStore ingest and summaries', () => {
  it('keeps a per-trace summary: root, service, status, models, providers, tokens over inference spans, cost', () => {
    const store = openStore();
    const spans = agentTrace({ startMs: 1_765_000_000_000, models: ['gpt-4o-mini', 'gpt-4.1'], fail: true });
    // Children arrive before the root, as exporters send them (the root ends last).
    const [root, ...children] = records(spans) as [SpanRecord, ...SpanRecord[]];
    store.write(children);
    expect(getTrace(store.db, root.traceId)?.summary.rootName).toBe('chat gpt-4o-mini');
    store.write([root]);
    expect(getTrace(store.db, root.traceId)?.summary).toEqual({
      traceId: root.traceId,
      startTimeMs: 1_765_000_000_000,
      durationMs: 2_000,
      rootName: 'invoke_agent trip-planner',
      serviceName: 'trip-agent',
      status: 'error',
      spanCount: 4,
      errorCount: 1,
      models: ['gpt-4o-mini-2025', 'gpt-4.1-2025'],
      providers: ['openai'],
      inputTokens: 200,
      outputTokens: 40,
      costUsd: 0.002,
    });
  });

  it('counts a re-sent span once', () => {
    const store = openStore();
    const spans = records(agentTrace({ startMs: 1_765_000_000_000 }));
    expect(store.write(spans).storedSpans).toBe(3);
    expect(store.write(spans).storedSpans).toBe(0);
    const trace = getTrace(store.db, spans[0]?.traceId as string);
    expect(trace?.summary.spanCount).toBe(3);
    expect(trace?.spans).toHaveLength(3);
  });

  it('returns spans with every field as received, including hostile text as plain data', () => {
    const store = openStore();
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const [span] = records([
      {
        traceId: hexId(16),
        spanId: hexId(8),
        name: hostile,
        startMs: 1_765_000_000_000.123,
        durationMs: 1.5,
        attributes: { [hostile]: hostile, list: ['a', 'b'] },
        events: [{ name: 'gen_ai.choice', timeMs: 1_765_000_000_001, attributes: { index: 0 } }],
      },
    ]) as [SpanRecord];
    store.write([span]);
    const stored = getTrace(store.db, span.traceId)?.spans[0];
    expect(stored).toEqual(span);
    expect(stored?.attributes[hostile]).toBe(hostile);
  });
});

describe('SpanStore queries', () => {
  function seeded() {
    const store = openStore();
    const base = 1_765_000_000_000;
    const traces = {
      oldOpenai: agentTrace({ startMs: base, models: ['gpt-4o-mini'] }),
      anthropic: agentTrace({
        startMs: base + 60_000,
        models: ['claude-sonnet-4'],
        provider: 'anthropic',
        service: 'support-bot',
      }),
      failing: agentTrace({
        startMs: base + 120_000,
        fail: true,
        content: 'Plan a trip to Lisbon in spring',
      }),
    };
    for (const spans of Object.values(traces)) store.write(records(spans));
    const idOf = (spans: TestSpan[]) => spans[0]?.traceId;
    return {
      store,
      base,
      ids: Object.fromEntries(Object.entries(traces).map(([key, spans]) => [key, idOf(spans)])),
    };
  }
  const idsOf = (list: { traces: Array<{ traceId: string }> }) => list.traces.map((trace) => trace.traceId);

  it('lists newest first and pages with the before cursor', () => {
    const { store, ids } = seeded();
    const first = listTraces(store.db, { limit: 2 });
    expect(idsOf(first)).toEqual([ids.failing, ids.anthropic]);
    expect(first.nextBefore).toBe(first.traces[1]?.startTimeMs);
    const second = listTraces(store.db, { limit: 2, before: first.nextBefore as number });
    expect(idsOf(second)).toEqual([ids.oldOpenai]);
    expect(second.nextBefore).toBeUndefined();
  });

  it('filters by service, provider, model, status, time range and minimum duration', () => {
    const { store, base, ids } = seeded();
    expect(idsOf(listTraces(store.db, { limit: 50, service: 'support-bot' }))).toEqual([ids.anthropic]);
    expect(idsOf(listTraces(store.db, { limit: 50, provider: 'openai' }))).toEqual([
      ids.failing,
      ids.oldOpenai,
    ]);
    expect(idsOf(listTraces(store.db, { limit: 50, model: 'claude-sonnet-4-2025' }))).toEqual([
      ids.anthropic,
    ]);
    expect(idsOf(listTraces(store.db, { limit: 50, status: 'error' }))).toEqual([ids.failing]);
    expect(idsOf(listTraces(store.db, { limit: 50, status: 'ok' }))).toEqual([ids.anthropic, ids.oldOpenai]);
    expect(idsOf(listTraces(store.db, { limit: 50, since: base + 1, until: base + 60_000 }))).toEqual([
      ids.anthropic,
    ]);
    expect(idsOf(listTraces(store.db, { limit: 50, minDurationMs: 2_001 }))).toEqual([]);
    expect(idsOf(listTraces(store.db, { limit: 50, minDurationMs: 2_000, service: 'trip-agent' }))).toEqual([
      ids.failing,
      ids.oldOpenai,
    ]);
  });

  it('searches names, attribute values and captured content by word prefix', () => {
    const { store, ids } = seeded();
    expect(idsOf(listTraces(store.db, { limit: 50, q: 'lisbon' }))).toEqual([ids.failing]);
    expect(idsOf(listTraces(store.db, { limit: 50, q: 'trip Lisb' }))).toEqual([ids.failing]);
    expect(idsOf(listTraces(store.db, { limit: 50, q: 'weather service down' }))).toEqual([]);
    expect(idsOf(listTraces(store.db, { limit: 50, q: 'claude' }))).toEqual([ids.anthropic]);
    expect(idsOf(listTraces(store.db, { limit: 50, q: 'get_weath' }))).toHaveLength(3);
    // FTS5 syntax in the search box is taken literally, never a query error.
    for (const q of ['"', 'a OR', 'NEAR(x', '*', 'col:value', "'; DROP TABLE spans; --"]) {
      expect(() => listTraces(store.db, { limit: 50, q })).not.toThrow();
    }
    expect(idsOf(listTraces(store.db, { limit: 50, q: '*' }))).toHaveLength(3);
  });

  it('lists the facets', () => {
    const { store } = seeded();
    expect(listFacets(store.db)).toEqual({
      services: ['support-bot', 'trip-agent'],
      providers: ['anthropic', 'openai'],
      models: ['claude-sonnet-4-2025', 'gpt-4o-mini-2025'],
    });
  });

  it('charts inference spans per bucket, model and provider', () => {
    const { store, base } = seeded();
    const result = overview(store.db, { since: base, until: base + 180_000, bucketMs: 60_000 });
    expect(result.buckets).toEqual([
      expect.objectContaining({
        startMs: base,
        model: 'gpt-4o-mini-2025',
        provider: 'openai',
        calls: 1,
        inputTokens: 100,
      }),
      expect.objectContaining({
        startMs: base + 60_000,
        model: 'claude-sonnet-4-2025',
        provider: 'anthropic',
        calls: 1,
      }),
      expect.objectContaining({
        startMs: base + 120_000,
        model: 'gpt-4o-mini-2025',
        calls: 1,
        errors: 0,
        ttftP50Ms: 150,
      }),
    ]);
    expect(result.totals).toMatchObject({
      calls: 3,
      errors: 0,
      inputTokens: 300,
      outputTokens: 60,
      latencyMs: { p50: 400, p99: 400 },
    });
    expect(result.totals.costUsd).toBeCloseTo(0.003, 9);
    expect(result.totals.ttftMs?.p50).toBeCloseTo(150, 6);
  });
});

describe('SpanStore retention', () => {
  it('deletes traces older than the age limit, with their spans, search text and facets', () => {
    const store = openStore();
    const now = 1_765_000_000_000;
    const old = agentTrace({
      startMs: now - 8 * 86_400_000,
      service: 'old-service',
      content: 'ancient prompt',
    });
    const fresh = agentTrace({ startMs: now - 3_600_000 });
    store.write(records([...old, ...fresh]));
    expect(applyRetention(store, { maxAgeMs: 7 * 86_400_000 }, now).deletedTraces).toBe(1);
    expect(getTrace(store.db, old[0]?.traceId as string)).toBeUndefined();
    expect(getTrace(store.db, fresh[0]?.traceId as string)).toBeDefined();
    expect(listTraces(store.db, { limit: 50, q: 'ancient' }).traces).toEqual([]);
    expect(listFacets(store.db).services).toEqual(['trip-agent']);
    expect(store.db.prepare('SELECT count(*) AS n FROM spans').get()).toEqual({ n: 3 });
    expect(store.db.prepare('SELECT count(*) AS n FROM span_records').get()).toEqual({ n: 3 });
  });

  it('deletes the oldest traces while the store is over its size limit', () => {
    const store = openStore();
    const base = 1_765_000_000_000;
    for (let index = 0; index < 300; index++) {
      store.write(records(agentTrace({ startMs: base + index * 1_000, content: 'y'.repeat(4_000) })));
    }
    const before = store.usedBytes();
    const limit = Math.floor(before / 2);
    const { deletedTraces } = applyRetention(store, { maxBytes: limit }, base);
    // Down to about 80% of the limit: 40% of these equal-sized traces stay.
    expect(deletedTraces).toBeGreaterThan(150);
    expect(deletedTraces).toBeLessThan(210);
    expect(store.usedBytes()).toBeLessThanOrEqual(limit);
    const remaining = listTraces(store.db, { limit: 500 }).traces;
    expect(remaining).toHaveLength(300 - deletedTraces);
    // The newest survive.
    expect(remaining[0]?.startTimeMs).toBe(base + 299_000);
  });
});

describe('SpanStore on disk', () => {
  it('reopens a file store with everything written before', () => {
    const directory = temporaryDirectory('genai-otel-store-');
    cleanups.push(directory.remove);
    const path = join(directory.path, 'view.db');
    const first = new SpanStore({ path });
    const spans = records(agentTrace({ startMs: 1_765_000_000_000 }));
    first.write(spans);
    first.close();
    const reopened = openStore(path);
    expect(getTrace(reopened.db, spans[0]?.traceId as string)?.summary.spanCount).toBe(3);
    expect(reopened.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
  });

  it('refuses a store written by another schema version with a clear message', () => {
    const directory = temporaryDirectory('genai-otel-store-');
    cleanups.push(directory.remove);
    const path = join(directory.path, 'view.db');
    const store = new SpanStore({ path });
    store.db.prepare("UPDATE meta SET value = '999' WHERE key = 'schema_version'").run();
    store.close();
    expect(() => new SpanStore({ path })).toThrow(/store schema 999.*Move it away or pass --db/);
  });
});
