import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';
import { reportFigure } from './support/diag-capture';

/**
 * MCP across two processes, both under `--require genai-otel/register`, when things go wrong: a
 * slow server (the client's request timeout fires) and a client that disconnects mid-call. Both
 * sides' spans end, the server's span stays the child of the client's, both processes exit, and
 * the MCP credentials the client sends (Authorization, x-api-key) are in no exported byte. The
 * server crashing mid-call and cancellation are covered by test/mcp/mcp-out-of-process.test.ts.
 * Needs `npm run build` first.
 */
const receiver = useOtlpReceiver();
const CLIENT = 'mcp-faults-client';
const SERVER = 'mcp-server-fixture';
const serviceOf = (span: ReceivedSpan) => span.resource['service.name'];

const CASES = [
  { line: 'v1', transport: 'stdio' },
  { line: 'v1', transport: 'http' },
  { line: 'v2', transport: 'stdio' },
  { line: 'v2', transport: 'http' },
] as const;

describe.each(CASES)('MCP $line over $transport', ({ line, transport }) => {
  it('slow server and client disconnect: both sides end, one trace each, both processes exit, no credential exported', async () => {
    const token = `mcp-token-canary-${randomBytes(16).toString('hex')}`;
    const apiKey = `mcp-key-canary-${randomBytes(16).toString('hex')}`;
    const run = await runNodeApp('test/reliability/fixtures/mcp-faults-client.cjs', {
      loader: 'require',
      env: exitFlushedOtlpEnv(receiver.url, CLIENT, {
        MCP_LINE: line,
        MCP_TRANSPORT: transport,
        MCP_AUTH_TOKEN: token,
        MCP_API_KEY: apiKey,
      }),
      timeoutMillis: 45_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report.slow.error).toEqual(expect.any(String));
    expect(report.disconnected.error).toEqual(expect.any(String));
    expect(report.serverExit.exited).toBe(true);

    // initialize + notifications/initialized + 2 tools/call, each seen by both sides.
    const spans = await receiver.waitForSpans(8, 15_000);
    const slowCalls = (service: string) =>
      spans.filter((span) => span.name === 'tools/call slow_tool' && serviceOf(span) === service);
    const clientCalls = slowCalls(CLIENT);
    const serverCalls = slowCalls(SERVER);
    expect(clientCalls).toHaveLength(2);
    expect(serverCalls).toHaveLength(2);
    for (const clientCall of clientCalls) {
      expect(clientCall.status.code).toBe(2);
      expect(clientCall.attributes['error.type']).toEqual(expect.any(String));
      const child = serverCalls.find((span) => span.parentSpanId === clientCall.spanId);
      expect(child?.traceId).toBe(clientCall.traceId);
    }

    const bodies = receiver.requests.map((request) => request.body.toString('latin1'));
    expect(bodies.filter((body) => body.includes(token) || body.includes(apiKey))).toEqual([]);
    reportFigure(`mcp ${line} ${transport}`, {
      clientExit: run.code,
      clientMillis: Math.round(run.durationMillis),
      serverExitMillis: report.serverExit.millis,
      serverAskedToStop: report.serverExit.askedToStop,
      clientSpanErrors: clientCalls.map((span) => span.attributes['error.type']),
      serverSpanErrors: serverCalls.map((span) => span.attributes['error.type'] ?? 'none'),
      otlpBytesSearched: bodies.reduce((sum, body) => sum + body.length, 0),
    });
  }, 60_000);
});
