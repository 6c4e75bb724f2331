import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

const receiver = useOtlpReceiver();

/** A local port nothing listens on: connections to it are refused at once. */
async function refusedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Every line genai-otel prints is one readable line: no JSON dump, no stack frame. */
function expectOneLineMessages(stderr: string): void {
  for (const line of stderr.trimEnd().split('\n')) expect(line).toMatch(/^genai-otel: /);
  expect(stderr).not.toContain('{"stack"');
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('a refused OTLP endpoint', () => {
  it.each(['normal', 'exit'])(
    'ends the %s way within GENAI_OTEL_EXIT_FLUSH_TIMEOUT, saying in one line which URL failed and why',
    async (mode) => {
      const endpoint = await refusedEndpoint();
      const bare = await runNodeApp('test/fixtures/apps/work-then-idle.cjs', {
        loader: 'none',
        args: [mode],
      });
      const run = await runNodeApp('test/fixtures/apps/work-then-idle.cjs', {
        loader: 'require',
        args: [mode],
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          // The first batch is exported while the app runs, and fails.
          OTEL_BSP_SCHEDULE_DELAY: '100',
          GENAI_OTEL_EXIT_FLUSH_TIMEOUT: '1000',
        },
      });
      expect(run.code).toBe(bare.code);
      // 0.8 s of app, start-up and one bounded flush. The exporter's retries used to hold it 10 s more.
      expect(run.durationMillis).toBeLessThan(bare.durationMillis + 4000);
      expectOneLineMessages(run.stderr);
      expect(run.stderr).toContain(
        `genai-otel: could not export spans to ${endpoint}/v1/traces: connection refused (ECONNREFUSED): nothing listens there (URL from OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint})`,
      );
    },
  );
});

describe('a backend that accepts and never answers', () => {
  it('does not hold a finished app for the OTLP timeout while an export is under way', async () => {
    const silent = createHttpServer(() => {
      // Accept the request and never respond.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      const bare = await runNodeApp('test/fixtures/apps/work-then-idle.cjs', { loader: 'none' });
      const run = await runNodeApp('test/fixtures/apps/work-then-idle.cjs', {
        loader: 'require',
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          OTEL_BSP_SCHEDULE_DELAY: '100',
          GENAI_OTEL_EXIT_FLUSH_TIMEOUT: '1000',
          OTEL_LOG_LEVEL: 'none',
        },
      });
      expect(run.code).toBe(0);
      // Unbounded, the export started at 0.1 s would hold the app until its 10 s OTLP timeout.
      expect(run.durationMillis).toBeLessThan(bare.durationMillis + 4000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  }, 60_000);
});

describe('OTLP endpoint URLs', () => {
  it('a base endpoint that already ends in /v1/traces is not doubled, with one warning', async () => {
    const run = await runNodeApp('test/fixtures/apps/agent-app.cjs', {
      loader: 'require',
      env: exitFlushedOtlpEnv(`${receiver.url}/v1/traces`, 'url-app', { OTEL_METRICS_EXPORTER: 'none' }),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `genai-otel: OTEL_EXPORTER_OTLP_ENDPOINT="${receiver.url}/v1/traces" ends in /v1/traces, but it is the base URL that /v1/traces and /v1/metrics are appended to; using "${receiver.url}" as the base. ` +
        `Fix: set OTEL_EXPORTER_OTLP_ENDPOINT to "${receiver.url}", or put a full URL in OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.\n`,
    );
    await receiver.waitForSpans(3);
    expect(new Set(receiver.requests.map((request) => request.path))).toEqual(new Set(['/v1/traces']));
  });

  it('an invalid URL gets one warning, and the console tree keeps working', async () => {
    const run = await runNodeApp('test/fixtures/apps/agent-app.cjs', {
      loader: 'require',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318', OTEL_TRACES_EXPORTER: 'otlp,console' },
    });
    expect(run.code).toBe(0);
    const [warning, ...tree] = run.stderr.trimEnd().split('\n');
    expect(warning).toBe(
      'genai-otel: ignoring OTEL_EXPORTER_OTLP_ENDPOINT="localhost:4318" (OTLP/HTTP needs an http:// or https:// URL, not localhost:); traces and metrics are not exported over OTLP',
    );
    expect(tree[0]).toMatch(/^trace [0-9a-f]{32} · unknown_service:node$/);
    expect(tree[1]).toMatch(/^invoke_agent fixture · /);
  });

  it('a per-signal endpoint is used as given; metrics stay off when only the traces endpoint is set', () => {
    const config = resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/otlp/v1/traces' },
    );
    expect(config.traces.exporters).toEqual(['otlp']);
    expect(config.traces.otlp.url).toBe('http://tempo:4318/otlp/v1/traces');
    expect(config.metrics.exporters).toEqual(['none']);
    // Asked for explicitly, metrics go where the spec says: the default base endpoint.
    const explicit = resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/v1/traces', OTEL_METRICS_EXPORTER: 'otlp' },
    );
    expect(explicit.metrics.otlp.url).toBe('http://localhost:4318/v1/metrics');
  });
});
