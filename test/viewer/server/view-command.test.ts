import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanStore } from '../../../src/viewer/store/span-store';
import { getTrace, listTraces } from '../../../src/viewer/store/trace-queries';
import { pollFor } from '../../e2e/support/poll-for';
import { exitFlushedOtlpEnv } from '../../support/exit-flushed-otlp-env';
import {
  chatCompletion,
  chatCompletionChunks,
  embeddingList,
  errorReply,
  response,
  responseEvents,
} from '../../support/openai-wire-server';
import { runNodeApp } from '../../support/run-node-app';
import { useOpenAIWireServer } from '../../support/use-openai-wire-server';
import { useOtlpReceiver } from '../../support/use-otlp-receiver';
import { temporaryDirectory } from './support/in-process-viewer';
import { hexId, otlpProtoTraces, postOtlp, type TestSpan } from './support/otlp-payloads';
import { GENAI_OTEL_BIN, startViewerProcess, type ViewerProcess } from './support/viewer-process';

/**
 * `genai-otel view` as users run it: the built bin, out of process, with a real instrumented app
 * (test/openai/fixtures, against the local OpenAI wire server) exporting to it. Needs `npm run build`.
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();

const running: ViewerProcess[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const viewer of running.splice(0)) await viewer.stop('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function startViewer(args: string[]): Promise<ViewerProcess> {
  const viewer = await startViewerProcess(args);
  running.push(viewer);
  return viewer;
}

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

interface ListedTrace {
  traceId: string;
  models: string[];
  providers: string[];
  inputTokens: number;
  status: string;
}

async function listedTraces(url: string, count: number): Promise<ListedTrace[]> {
  return pollFor(`${count} traces in the viewer`, async () => {
    const body = (await (await fetch(`${url}/api/traces`)).json()) as { traces: ListedTrace[] };
    return { value: body.traces.length >= count ? body.traces : undefined, seen: JSON.stringify(body) };
  });
}

describe('genai-otel view (the built bin)', () => {
  it('prints its help and refuses bad options with exit code 2', () => {
    const help = spawnSync(process.execPath, [GENAI_OTEL_BIN, 'view', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--retain <age>');
    const unknown = spawnSync(process.execPath, [GENAI_OTEL_BIN, 'view', '--nope'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--nope'/);
    const exposed = spawnSync(process.execPath, [GENAI_OTEL_BIN, 'view', '--host', '0.0.0.0', '--memory'], {
      encoding: 'utf8',
    });
    expect(exposed.status).toBe(2);
    expect(exposed.stderr).toMatch(/refusing to listen on 0.0.0.0 without --token/);
    const badRetain = spawnSync(
      process.execPath,
      [GENAI_OTEL_BIN, 'view', '--retain', 'forever', '--memory'],
      { encoding: 'utf8' },
    );
    expect(badRetain.status).toBe(2);
    expect(badRetain.stderr).toMatch(/--retain forever: expected a number and a unit/);
  });

  it("receives an instrumented app's traces and serves them through the API; stops cleanly on SIGINT", async () => {
    const viewer = await startViewer(['--memory', '--port', '0']);
    expect(viewer.output().stdout).toContain(
      `OTEL_EXPORTER_OTLP_ENDPOINT=${viewer.url} node --import genai-otel/register app.mjs`,
    );
    queueScenarioReplies();
    const run = await runNodeApp('test/openai/fixtures/openai-app.mjs', {
      loader: 'import',
      env: exitFlushedOtlpEnv(viewer.url, 'openai-fixture', {
        OPENAI_BASE_URL: wire.baseURL,
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      }),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // The scenario makes seven model calls, each its own trace.
    const traces = await listedTraces(viewer.url, 7);
    expect(traces.flatMap((trace) => trace.providers)).toContain('openai');
    expect(traces.flatMap((trace) => trace.models)).toEqual(
      expect.arrayContaining(['gpt-4o-mini', 'text-embedding-3-small']),
    );
    expect(traces.filter((trace) => trace.status === 'error').length).toBeGreaterThan(0);

    const withTokens = traces.find((trace) => trace.inputTokens === 22) as ListedTrace;
    const detail = (await (await fetch(`${viewer.url}/api/traces/${withTokens.traceId}`)).json()) as {
      spans: Array<{ name: string; attributes: Record<string, unknown>; serviceName: string }>;
    };
    const chat = detail.spans.find((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    expect(chat?.serviceName).toBe('openai-fixture');
    expect(JSON.parse(chat?.attributes['gen_ai.input.messages'] as string)[0]).toMatchObject({
      role: expect.any(String),
    });

    const facets = (await (await fetch(`${viewer.url}/api/facets`)).json()) as { services: string[] };
    expect(facets.services).toEqual(['openai-fixture']);

    const stopped = await viewer.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(viewer.output().stdout).toContain('SIGINT, writing what is queued and closing the store');
    expect(viewer.output().stderr).toBe('');
  });

  it('receives an app that exports elsewhere too, through GENAI_OTEL_VIEWER', async () => {
    const viewer = await startViewer(['--memory', '--port', '0']);
    queueScenarioReplies();
    const run = await runNodeApp('test/openai/fixtures/openai-app.mjs', {
      loader: 'import',
      env: exitFlushedOtlpEnv(receiver.url, 'openai-fixture', {
        OPENAI_BASE_URL: wire.baseURL,
        GENAI_OTEL_VIEWER: viewer.url,
      }),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const atBackend = await receiver.waitForSpans(7);
    const inViewer = await listedTraces(viewer.url, 7);
    expect(new Set(inViewer.map((trace) => trace.traceId))).toEqual(
      new Set(atBackend.map((span) => span.traceId)),
    );
  });

  it('keeps every acknowledged span when killed with SIGKILL mid-ingest', async () => {
    const directory = temporaryDirectory('genai-otel-view-kill-');
    cleanups.push(directory.remove);
    const dbPath = join(directory.path, 'view.db');
    const viewer = await startViewer(['--db', dbPath, '--port', '0']);
    const acknowledged: TestSpan[] = [];
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const traceId = hexId(16);
        const spans: TestSpan[] = Array.from({ length: 50 }, (_, index) => ({
          traceId,
          spanId: hexId(8),
          name: `chat span ${index}`,
          startMs: Date.now(),
          durationMs: 3,
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': 'z'.repeat(500) },
        }));
        try {
          const answer = await postOtlp(viewer.url, otlpProtoTraces(spans), { encoding: 'protobuf' });
          if (answer.status === 200) acknowledged.push(...spans);
        } catch {
          // The connection died with the process: not acknowledged.
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    await pollFor('acknowledged spans', async () => ({
      value: acknowledged.length >= 2_000 ? true : undefined,
      seen: String(acknowledged.length),
    }));
    await viewer.stop('SIGKILL');
    killed = true;
    await Promise.all(senders);

    const store = new SpanStore({ path: dbPath });
    try {
      const traceIds = [...new Set(acknowledged.map((span) => span.traceId))];
      for (const traceId of traceIds) {
        const trace = getTrace(store.db, traceId);
        expect(trace?.spans.length, `spans of acknowledged trace ${traceId}`).toBe(50);
        expect(trace?.summary.spanCount).toBe(50);
      }
      expect(listTraces(store.db, { limit: 500 }).traces.length).toBeGreaterThanOrEqual(
        Math.min(500, traceIds.length),
      );
    } finally {
      store.close();
    }
  });
});
