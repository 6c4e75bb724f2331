import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanStore } from '../../../src/viewer/store/span-store';
import { reportFigure } from '../../reliability/support/diag-capture';
import { damagedJson } from '../../reliability/support/integrations/malformed-answers';
import { startTestViewer, type TestViewer, temporaryDirectory } from './support/in-process-viewer';
import { hexId, otlpJsonTraces, otlpProtoTraces, postOtlp, type TestSpan } from './support/otlp-payloads';
import { startViewerProcess } from './support/viewer-process';

/**
 * The viewer's OTLP receiver and store under hostile and heavy input: property-based malformed
 * OTLP (damaged JSON requests, corrupt and truncated protobuf, anything at all), a flood of
 * concurrent exports against a small write queue, and a viewer killed mid-ingest and started
 * again on the same file. It never answers 5xx or crashes, refuses with 400/413/429 (or an OTLP
 * partial success), and every span it acknowledged is there afterwards.
 */
let viewer: TestViewer | undefined;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function chatSpans(count: number, traceId = hexId(16)): TestSpan[] {
  return Array.from({ length: count }, (_, index) => ({
    traceId,
    spanId: hexId(8),
    parentSpanId: undefined,
    name: `chat span ${index}`,
    kind: 3,
    startMs: Date.now() - 1_000,
    durationMs: 3 + index,
    service: 'flood-app',
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]),
    },
    events: [{ name: 'gen_ai.choice', timeMs: Date.now() - 999, attributes: { index } }],
    status: index === 0 ? { code: 2, message: 'boom' } : undefined,
  }));
}

/** The API still lists traces and opens each of them: nothing stored broke it. */
async function apiStillServes(test: TestViewer): Promise<number> {
  const list = await test.getJson('/api/traces?limit=200');
  expect(list.status).toBe(200);
  for (const trace of list.body.traces as Array<{ traceId: string }>) {
    const opened = await test.getJson(`/api/traces/${encodeURIComponent(trace.traceId)}`);
    expect(opened.status, trace.traceId).toBe(200);
  }
  return list.body.traces.length;
}

describe('malformed OTLP (property-based)', () => {
  it('damaged OTLP/JSON trace and metric requests: 200 (maybe partial success) or 400, never 5xx; the API keeps serving', async () => {
    viewer = await startTestViewer({ maxBodyBytes: 4 * 1024 * 1024 });
    const test = viewer;
    const valid = otlpJsonTraces(chatSpans(3));
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        damagedJson(valid),
        fc.constantFrom('traces', 'metrics', 'logs') as fc.Arbitrary<'traces'>,
        async (body, signal) => {
          const answer = await postOtlp(test.url, body === undefined ? 'null' : body, { signal });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          expect([200, 400, 413]).toContain(answer.status);
        },
      ),
      { numRuns: 200 },
    );
    expect((await postOtlp(test.url, otlpJsonTraces(chatSpans(2)))).status).toBe(200);
    const traces = await apiStillServes(test);
    reportFigure('viewer malformed OTLP/JSON answers', Object.fromEntries(statuses));
    expect(traces).toBeGreaterThan(0);
  }, 120_000);

  it('corrupt, truncated and random protobuf, gzip or not: 200 or 400, never 5xx; the API keeps serving', async () => {
    viewer = await startTestViewer();
    const test = viewer;
    const valid = otlpProtoTraces(chatSpans(3));
    const damagedBytes = fc.oneof(
      fc.nat({ max: valid.length - 1 }).map((cut) => valid.slice(0, cut)),
      fc
        .array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        })
        .map((flips) => {
          const copy = Uint8Array.from(valid);
          for (const [index, byte] of flips) copy[index] = byte;
          return copy;
        }),
      fc.uint8Array({ maxLength: 2_000 }),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(damagedBytes, fc.boolean(), async (body, gzip) => {
        const answer = await postOtlp(test.url, body, { encoding: 'protobuf', gzip });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect([200, 400]).toContain(answer.status);
      }),
      { numRuns: 200 },
    );
    expect((await postOtlp(test.url, otlpProtoTraces(chatSpans(2)), { encoding: 'protobuf' })).status).toBe(
      200,
    );
    await apiStillServes(test);
    reportFigure('viewer malformed OTLP protobuf answers', Object.fromEntries(statuses));
  }, 120_000);
});

describe('a flood of spans', () => {
  it('16 exporters at once against a small write queue: 200 or 429 with Retry-After, and every acknowledged span is stored', async () => {
    viewer = await startTestViewer({ writer: { maxQueuedSpans: 400 } });
    const test = viewer;
    const acknowledged = new Set<string>();
    const statuses = new Map<number, number>();
    const sender = async () => {
      for (let round = 0; round < 6; round++) {
        const spans = chatSpans(200);
        const answer = await postOtlp(test.url, otlpProtoTraces(spans), { encoding: 'protobuf' });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect([200, 429]).toContain(answer.status);
        if (answer.status === 429) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        else acknowledged.add(spans[0]?.traceId as string);
      }
    };
    await Promise.all(Array.from({ length: 16 }, sender));
    expect(statuses.get(429) ?? 0, 'the flood should hit the queue bound').toBeGreaterThan(0);
    const stored = test.store.db
      .prepare('SELECT trace_id, count(*) AS spans FROM spans GROUP BY trace_id')
      .all() as Array<{
      trace_id: string;
      spans: number;
    }>;
    const storedByTrace = new Map(stored.map((row) => [row.trace_id, row.spans]));
    for (const traceId of acknowledged) expect(storedByTrace.get(traceId), traceId).toBe(200);
    await apiStillServes(test);
    reportFigure('viewer flood (16 exporters × 6 requests × 200 spans)', {
      answers: Object.fromEntries(statuses),
      spansAcknowledged: acknowledged.size * 200,
      spansStored: [...storedByTrace.values()].reduce((sum, count) => sum + count, 0),
    });
  }, 120_000);
});

describe('killed mid-ingest and started again', () => {
  it('SIGKILL while 4 exporters send: the same file opens, passes the integrity check, holds every acknowledged span and takes new ones', async () => {
    const directory = temporaryDirectory('genai-otel-view-restart-');
    cleanups.push(directory.remove);
    const dbPath = join(directory.path, 'view.db');
    const first = await startViewerProcess(['--db', dbPath, '--port', '0']);
    const acknowledged: string[] = [];
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const spans = chatSpans(50);
        try {
          const answer = await postOtlp(first.url, otlpProtoTraces(spans), { encoding: 'protobuf' });
          if (answer.status === 200) acknowledged.push(spans[0]?.traceId as string);
        } catch {
          // The connection died with the process: not acknowledged.
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.stop('SIGKILL');
    killed = true;
    await Promise.all(senders);

    const second = await startViewerProcess(['--db', dbPath, '--port', '0']);
    cleanups.push(() => second.stop('SIGINT'));
    for (const traceId of acknowledged) {
      const answer = await fetch(`${second.url}/api/traces/${traceId}`);
      expect(answer.status, traceId).toBe(200);
      expect(((await answer.json()) as { spans: unknown[] }).spans).toHaveLength(50);
    }
    const after = chatSpans(5);
    expect((await postOtlp(second.url, otlpProtoTraces(after), { encoding: 'protobuf' })).status).toBe(200);
    expect((await fetch(`${second.url}/api/traces/${after[0]?.traceId}`)).status).toBe(200);
    await second.stop('SIGINT');
    const store = new SpanStore({ path: dbPath });
    try {
      expect(store.db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      store.close();
    }
    reportFigure('viewer killed mid-ingest', { tracesAcknowledgedBeforeKill: acknowledged.length, lost: 0 });
  }, 120_000);
});
