import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/viewer/server/static-ui';
import { startViewerServer } from '../../../src/viewer/server/viewer-server';
import { SpanStore } from '../../../src/viewer/store/span-store';
import { startTestViewer, type TestViewer, temporaryDirectory } from './support/in-process-viewer';
import { hexId, otlpJsonTraces, postOtlp, type TestSpan } from './support/otlp-payloads';

let viewer: TestViewer | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function chatTrace(overrides: Partial<TestSpan> = {}): TestSpan[] {
  const traceId = hexId(16);
  const root: TestSpan = {
    traceId,
    spanId: hexId(8),
    name: 'invoke_agent helper',
    startMs: Date.now() - 5_000,
    durationMs: 1_200,
    attributes: { 'gen_ai.operation.name': 'invoke_agent' },
  };
  return [
    root,
    {
      traceId,
      spanId: hexId(8),
      parentSpanId: root.spanId,
      name: 'chat gpt-4o-mini',
      kind: 3,
      startMs: root.startMs + 10,
      durationMs: 800,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 30,
        'gen_ai.usage.output_tokens': 5,
      },
      ...overrides,
    },
  ];
}

describe('viewer HTTP API', () => {
  it('serves sources, facets, the trace list, a trace and the overview', async () => {
    viewer = await startTestViewer({ storeLabel: 'Local store' });
    const spans = chatTrace();
    const traceId = spans[0]?.traceId as string;
    expect((await postOtlp(viewer.url, otlpJsonTraces(spans))).status).toBe(200);

    const sources = await viewer.getJson('/api/sources');
    expect(sources.body).toEqual({ sources: [{ id: 'local', kind: 'local', label: 'Local store' }] });
    expect(sources.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(sources.headers.get('x-content-type-options')).toBe('nosniff');

    expect((await viewer.getJson('/api/facets')).body).toEqual({
      services: ['viewer-test'],
      providers: ['openai'],
      models: ['gpt-4o-mini'],
    });

    const list = await viewer.getJson('/api/traces?source=local&model=gpt-4o-mini&limit=10');
    expect(list.body.traces).toEqual([
      expect.objectContaining({ traceId, rootName: 'invoke_agent helper', spanCount: 2, inputTokens: 30 }),
    ]);
    expect((await viewer.getJson('/api/traces?model=other')).body).toEqual({ traces: [] });

    const detail = await viewer.getJson(`/api/traces/${traceId.toUpperCase()}`);
    expect(detail.status).toBe(200);
    expect(detail.body.traceId).toBe(traceId);
    expect(detail.body.spans).toHaveLength(2);
    expect(detail.body.summary.traceId).toBe(traceId);

    const overview = await viewer.getJson(`/api/overview?since=${Date.now() - 60_000}&bucketMs=60000`);
    expect(overview.body.totals).toMatchObject({ calls: 1, inputTokens: 30, outputTokens: 5, ttftMs: null });
    expect(overview.body.buckets).toHaveLength(1);
  });

  it('answers errors as JSON: unknown trace 404, bad parameters 400, unknown source 400, unknown endpoint 404', async () => {
    viewer = await startTestViewer();
    const missing = await viewer.getJson(`/api/traces/${hexId(16)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/^no trace /);
    expect((await viewer.getJson('/api/traces/not-an-id')).status).toBe(400);
    expect((await viewer.getJson('/api/traces?status=maybe')).body).toEqual({
      error: 'status must be "ok" or "error", got "maybe"',
    });
    expect((await viewer.getJson('/api/traces?since=yesterday')).status).toBe(400);
    expect((await viewer.getJson('/api/traces?limit=0')).status).toBe(400);
    expect((await viewer.getJson('/api/traces?source=tempo')).body.error).toMatch(/unknown source "tempo"/);
    expect((await viewer.getJson('/api/nothing')).status).toBe(404);
  });

  it('streams the ids of traces that got spans over /api/live', async () => {
    viewer = await startTestViewer();
    const controller = new AbortController();
    const response = await fetch(`${viewer.url}/api/live`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = '';
    const first = chatTrace();
    const second = chatTrace();
    await Promise.all([
      postOtlp(viewer.url, otlpJsonTraces(first)),
      postOtlp(viewer.url, otlpJsonTraces(second)),
    ]);
    const announced = new Set<string>();
    while (!announced.has(first[0]?.traceId as string) || !announced.has(second[0]?.traceId as string)) {
      received += decoder.decode((await reader.read()).value);
      for (const match of received.matchAll(/event: spans\ndata: (.*)\n\n/g)) {
        for (const traceId of JSON.parse(match[1] as string).traceIds) announced.add(traceId);
      }
    }
    expect(received.startsWith(': connected\n\n')).toBe(true);
    expect(announced).toEqual(new Set([first[0]?.traceId, second[0]?.traceId]));
    controller.abort();
  });

  it('returns hostile span names, attribute keys and content as plain JSON data', async () => {
    viewer = await startTestViewer();
    const script = '<script>document.title="pwned"</script>';
    const image = '<img src=x onerror="alert(1)">';
    const spans = chatTrace({
      name: `chat ${script}`,
      attributes: {
        'gen_ai.operation.name': 'chat',
        [image]: script,
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: `${script}${image}` }] },
        ]),
      },
    });
    await postOtlp(viewer.url, otlpJsonTraces(spans));
    const response = await fetch(`${viewer.url}/api/traces/${spans[0]?.traceId}`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const chat = (
      (await response.json()) as { spans: Array<{ name: string; attributes: Record<string, string> }> }
    ).spans[1] as { name: string; attributes: Record<string, string> };
    expect(chat.name).toBe(`chat ${script}`);
    expect(chat.attributes[image]).toBe(script);
    expect(JSON.parse(chat.attributes['gen_ai.input.messages'] as string)[0].parts[0].content).toBe(
      `${script}${image}`,
    );
    const list = await viewer.getJson(`/api/traces?q=${encodeURIComponent('pwned')}`);
    expect(list.body.traces.map((trace: { traceId: string }) => trace.traceId)).toEqual([spans[0]?.traceId]);
  });
});

describe('viewer safety', () => {
  it('with a token, refuses requests without it on the UI, the API and OTLP, and accepts header or query', async () => {
    viewer = await startTestViewer({ token: 's3cret-token' });
    expect((await fetch(`${viewer.url}/`)).status).toBe(401);
    expect((await fetch(`${viewer.url}/api/traces`)).status).toBe(401);
    expect((await viewer.getJson('/api/traces', { authorization: 'Bearer wrong' })).status).toBe(401);
    const spans = chatTrace();
    expect((await postOtlp(viewer.url, otlpJsonTraces(spans))).status).toBe(401);
    expect(viewer.store.db.prepare('SELECT count(*) AS n FROM spans').get()).toEqual({ n: 0 });

    const authorized = { authorization: 'Bearer s3cret-token' };
    expect((await postOtlp(viewer.url, otlpJsonTraces(spans), { headers: authorized })).status).toBe(200);
    expect((await viewer.getJson('/api/traces', authorized)).body.traces).toHaveLength(1);
    expect((await viewer.getJson('/api/traces?token=s3cret-token')).body.traces).toHaveLength(1);
    expect((await fetch(`${viewer.url}/?token=s3cret-token`)).status).toBe(200);
  });

  it('with a token, lets the page opened with ?token= load its own files through a cookie, never the API', async () => {
    const uiDir = temporaryDirectory('genai-otel-ui-');
    cleanups.push(uiDir.remove);
    mkdirSync(join(uiDir.path, 'assets'));
    writeFileSync(join(uiDir.path, 'index.html'), '<!doctype html><script src="/assets/app.js"></script>');
    writeFileSync(join(uiDir.path, 'assets', 'app.js'), 'console.log("ui")');
    viewer = await startTestViewer({ token: 's3cret-token', uiDir: uiDir.path });
    const page = await fetch(`${viewer.url}/?token=s3cret-token`);
    const cookie = page.headers.get('set-cookie') as string;
    expect(cookie).toMatch(/^genai_otel_view_token=s3cret-token; HttpOnly; SameSite=Strict; Path=\//);
    const withCookie = { cookie: cookie.split(';')[0] as string };
    expect((await fetch(`${viewer.url}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${viewer.url}/assets/app.js`, { headers: withCookie })).status).toBe(200);
    expect(
      (await fetch(`${viewer.url}/assets/app.js`, { headers: { cookie: 'genai_otel_view_token=guess' } }))
        .status,
    ).toBe(401);
    expect((await fetch(`${viewer.url}/api/traces`, { headers: withCookie })).status).toBe(401);
    expect((await postOtlp(viewer.url, otlpJsonTraces(chatTrace()), { headers: withCookie })).status).toBe(
      401,
    );
  });

  it('refuses to bind a non-loopback address without a token', async () => {
    const store = new SpanStore({ path: ':memory:' });
    try {
      await expect(startViewerServer({ store, host: '0.0.0.0', port: 0 })).rejects.toThrow(
        /refusing to listen on 0.0.0.0 without --token/,
      );
    } finally {
      store.close();
    }
  });

  it('without a token, answers only requests addressed to a loopback host name (no DNS rebinding)', async () => {
    viewer = await startTestViewer();
    const port = new URL(viewer.url).port;
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port, path: '/api/traces', headers: { host } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end();
      });
    expect(await statusFor(`localhost:${port}`)).toBe(200);
    expect(await statusFor(`127.0.0.1:${port}`)).toBe(200);
    expect(await statusFor(`[::1]:${port}`)).toBe(200);
    expect(await statusFor(`attacker.example:${port}`)).toBe(403);
  });
});

describe('viewer static UI', () => {
  function builtUi(): string {
    const directory = temporaryDirectory('genai-otel-ui-');
    cleanups.push(directory.remove);
    mkdirSync(join(directory.path, 'assets'));
    writeFileSync(
      join(directory.path, 'index.html'),
      '<!doctype html><script src="/assets/app-1a2b.js"></script>',
    );
    writeFileSync(join(directory.path, 'assets', 'app-1a2b.js'), 'console.log("ui")');
    writeFileSync(join(directory.path, 'assets', 'app-1a2b.css'), 'body{}');
    return directory.path;
  }

  it('serves files with their content type, long caching for hashed assets, and index.html for client routes', async () => {
    viewer = await startTestViewer({ uiDir: builtUi() });
    const index = await fetch(`${viewer.url}/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(await index.text()).toContain('app-1a2b.js');

    const script = await fetch(`${viewer.url}/assets/app-1a2b.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${viewer.url}/assets/app-1a2b.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );

    const deepLink = await fetch(`${viewer.url}/traces/${hexId(16)}?span=${hexId(8)}`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('app-1a2b.js');
  });

  it('never serves files outside the UI folder', async () => {
    viewer = await startTestViewer({ uiDir: builtUi() });
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const response = await fetch(`${viewer.url}${path}`);
      expect(await response.text()).not.toContain('"name"');
    }
  });

  it('says the UI was not built when dist/viewer-ui is missing', async () => {
    viewer = await startTestViewer();
    const response = await fetch(`${viewer.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('web UI was not built');
  });
});
