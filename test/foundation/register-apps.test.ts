import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { receivedSpanNamed } from '../support/received-span-named';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

const CJS_APP = 'test/fixtures/apps/agent-app.cjs';
const ESM_APP = 'test/fixtures/apps/agent-app.mjs';

const receiver = useOtlpReceiver();
const otlpEnv = (extra: Record<string, string> = {}) =>
  exitFlushedOtlpEnv(receiver.url, 'fixture-service', extra);

function expectAgentTree(spans: ReceivedSpan[]): void {
  const agent = receivedSpanNamed(spans, 'invoke_agent fixture');
  const chat = receivedSpanNamed(spans, 'chat gpt-4o-mini');
  const tool = receivedSpanNamed(spans, 'execute_tool lookup');
  expect(agent.parentSpanId).toBeUndefined();
  expect(chat.parentSpanId).toBe(agent.spanId);
  expect(tool.parentSpanId).toBe(agent.spanId);
  expect(new Set([agent.traceId, chat.traceId, tool.traceId]).size).toBe(1);
  expect(chat.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
  expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(12);
  expect(tool.status).toEqual({ code: 2, message: 'lookup failed' });
}

describe.each([
  { loader: 'require' as const, app: CJS_APP },
  { loader: 'import' as const, app: ESM_APP },
])('node --$loader genai-otel/register', ({ loader, app }) => {
  it.each(['http/protobuf', 'http/json'])(
    'delivers the trace, resource and GenAI metrics over %s',
    async (protocol) => {
      const run = await runNodeApp(app, { loader, env: otlpEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: protocol }) });
      expect(run.code).toBe(0);
      const spans = await receiver.waitForSpans(3);
      expect(spans).toHaveLength(3);
      expectAgentTree(spans);
      const contentType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
      expect(new Set(spans.map((span) => span.encoding))).toEqual(new Set([contentType]));
      const resource = spans[0]?.resource ?? {};
      expect(resource['service.name']).toBe('fixture-service');
      expect(resource['telemetry.distro.name']).toBe('genai-otel');
      expect(resource['telemetry.sdk.language']).toBe('nodejs');
      const metric = await receiver.waitForMetric('gen_ai.client.operation.duration');
      expect(metric.type).toBe('histogram');
      expect(metric.points[0]?.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
      expect(metric.points[0]?.count).toBe(1);
      expect(metric.encoding).toBe(contentType);
    },
  );

  it('keeps the exit code of process.exit() and still delivers the spans', async () => {
    const bare = await runNodeApp(app, { loader: 'none', args: ['exit'] });
    const run = await runNodeApp(app, { loader, args: ['exit'], env: otlpEnv() });
    expect(bare.code).toBe(3);
    expect(run.code).toBe(bare.code);
    expectAgentTree(await receiver.waitForSpans(3, 2000));
  });

  it('keeps the crash of an uncaught exception and still delivers the spans', async () => {
    const bare = await runNodeApp(app, { loader: 'none', args: ['throw'] });
    const run = await runNodeApp(app, { loader, args: ['throw'], env: otlpEnv() });
    expect(run.code).toBe(bare.code);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('fixture crash');
    expectAgentTree(await receiver.waitForSpans(3, 2000));
  });

  it('keeps the crash of an unhandled rejection and still delivers the spans', async () => {
    const bare = await runNodeApp(app, { loader: 'none', args: ['reject'] });
    const run = await runNodeApp(app, { loader, args: ['reject'], env: otlpEnv() });
    expect(run.code).toBe(bare.code);
    expect(run.stderr).toContain('fixture rejection');
    expectAgentTree(await receiver.waitForSpans(3, 2000));
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('still dies of %s, after delivering the spans', async (signal) => {
    const bare = await runNodeApp(app, { loader: 'none', args: ['signal'], signalWhenReady: signal });
    const run = await runNodeApp(app, { loader, args: ['signal'], signalWhenReady: signal, env: otlpEnv() });
    expect(bare.signal).toBe(signal);
    expect(run.signal).toBe(signal);
    expect(run.code).toBe(bare.code);
    expectAgentTree(await receiver.waitForSpans(3, 2000));
  });

  it("leaves a SIGTERM the app handles to the app's handler", async () => {
    const run = await runNodeApp(app, {
      loader,
      args: ['signal-handled'],
      signalWhenReady: 'SIGTERM',
      env: otlpEnv(),
    });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app handled SIGTERM');
    expectAgentTree(await receiver.waitForSpans(3, 2000));
  });

  it('ends and delivers a span still open when the process exits, marked as such', async () => {
    const run = await runNodeApp(app, { loader, args: ['open-span-exit'], env: otlpEnv() });
    expect(run.code).toBe(4);
    const spans = await receiver.waitForSpans(4, 2000);
    const open = receivedSpanNamed(spans, 'chat never-ended');
    expect(open.attributes['genai_otel.span.ended_at_exit']).toBe(true);
    expect(receivedSpanNamed(spans, 'invoke_agent fixture').attributes['genai_otel.span.ended_at_exit']).toBe(
      true,
    );
  });
});

describe('a backend that never answers', () => {
  let silent: Server;
  let silentUrl: string;
  beforeAll(async () => {
    silent = createServer(() => {
      // Accept the request and never respond.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    silent.closeAllConnections();
    silent.close();
  });

  it.each(['normal', 'exit'])('delays the %s exit by at most the exit flush timeout', async (mode) => {
    const run = await runNodeApp(CJS_APP, {
      loader: 'require',
      args: [mode],
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: silentUrl,
        GENAI_OTEL_EXIT_FLUSH_TIMEOUT: '1000',
        OTEL_LOG_LEVEL: 'none',
      },
    });
    expect(run.code).toBe(mode === 'exit' ? 3 : 0);
    // Start-up plus one bounded flush; an unbounded one would hit the 10 s OTLP timeout.
    expect(run.durationMillis).toBeLessThan(6000);
  });
});

describe('environment switches', () => {
  it('OTEL_SDK_DISABLED=true exports nothing and changes nothing', async () => {
    const run = await runNodeApp(CJS_APP, { loader: 'require', env: otlpEnv({ OTEL_SDK_DISABLED: 'true' }) });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(receiver.requests).toHaveLength(0);
  });

  it('OTEL_TRACES_EXPORTER=console prints the trace as a tree on stderr', async () => {
    const run = await runNodeApp(ESM_APP, { loader: 'import', env: { OTEL_TRACES_EXPORTER: 'console' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^trace [0-9a-f]{32} · unknown_service/);
    expect(lines[1]).toMatch(/^invoke_agent fixture · [\d.]+(µs|ms)$/);
    expect(lines[2]).toMatch(/^├─ chat gpt-4o-mini · [\d.]+(µs|ms) · 12→\? tok$/);
    expect(lines[3]).toMatch(/^└─ execute_tool lookup · [\d.]+(µs|ms) ✗ LookupError: lookup failed$/);
  });

  it('a bad value gets one warning naming the variable, the value and the default, and the app runs', async () => {
    const run = await runNodeApp(CJS_APP, {
      loader: 'require',
      env: otlpEnv({ OTEL_BSP_MAX_QUEUE_SIZE: 'lots', OTEL_TRACES_SAMPLER: 'sometimes' }),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('OTEL_BSP_MAX_QUEUE_SIZE="lots"');
    expect(run.stderr).toContain('using 16384');
    expect(run.stderr).toContain('OTEL_TRACES_SAMPLER="sometimes"');
    expect(run.stderr).toContain('using parentbased_always_on');
    expect(run.stderr.match(/OTEL_BSP_MAX_QUEUE_SIZE/g)).toHaveLength(1);
    expectAgentTree(await receiver.waitForSpans(3));
  });

  it('OTEL_TRACES_SAMPLER=always_off exports no span', async () => {
    const run = await runNodeApp(CJS_APP, {
      loader: 'require',
      env: otlpEnv({ OTEL_TRACES_SAMPLER: 'always_off' }),
    });
    expect(run.code).toBe(0);
    expect(receiver.spans).toHaveLength(0);
  });

  it('sends OTEL_EXPORTER_OTLP_HEADERS with every export', async () => {
    await runNodeApp(CJS_APP, {
      loader: 'require',
      env: otlpEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,authorization=Bearer%20abc' }),
    });
    await receiver.waitForSpans(3);
    const traceRequest = receiver.requests.find((request) => request.path === '/v1/traces');
    expect(traceRequest?.headers['x-tenant']).toBe('acme');
    expect(traceRequest?.headers.authorization).toBe('Bearer abc');
  });
});
