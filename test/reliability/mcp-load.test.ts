import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DiagLogLevel } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSharedMCPInstrumentation } from '../../instrumentations/mcp/instrument';
import type { GenAIOtelHandle } from '../../src/process-state';
import { startCountingOtlpReceiver } from './support/counting-otlp-receiver';
import { captureDiag, reportFigure } from './support/diag-capture';
import { settledHeapUsed } from './support/latency';
import { registerForTests } from './support/register-for-tests';
import { SpanBalanceProcessor } from './support/span-balance-processor';

/**
 * MCP under load, both SDK lines: an McpServer and a Client in one process over the SDKs'
 * in-memory transport, `tools/call` at concurrency 128, genai-otel's default batch settings,
 * OTLP/protobuf to a decoding receiver. Each call makes a client and a server span: all delivered,
 * none open, heap flat. CI runs 1,000 calls per line; `GENAI_OTEL_INTEGRATION_LOAD_CALLS` sets the
 * full run (figures in docs/reliability.md).
 */
const TOTAL_CALLS = Number(process.env.GENAI_OTEL_INTEGRATION_LOAD_CALLS ?? 1_000);
const CONCURRENCY = 128;
const WARM_UP_CALLS = Math.floor(TOTAL_CALLS / 10);

const instrumentation = getSharedMCPInstrumentation();
// Loaded after the instrumentation exists, so that its require hooks patch them as --require would.
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));
const v2Zod = createRequire(requireFromRoot.resolve('@modelcontextprotocol/server'))('zod');
const LINES = [
  {
    line: 'v1',
    Client: requireFromRoot('@modelcontextprotocol/sdk/client/index.js').Client,
    McpServer: requireFromRoot('@modelcontextprotocol/sdk/server/mcp.js').McpServer,
    InMemoryTransport: requireFromRoot('@modelcontextprotocol/sdk/inMemory.js').InMemoryTransport,
    input: { text: requireFromRoot('zod').string() },
  },
  {
    line: 'v2',
    Client: requireFromRoot('@modelcontextprotocol/client').Client,
    McpServer: requireFromRoot('@modelcontextprotocol/server').McpServer,
    InMemoryTransport: requireFromRoot('@modelcontextprotocol/server').InMemoryTransport,
    input: v2Zod.object({ text: v2Zod.string() }),
  },
];

let receiver: Awaited<ReturnType<typeof startCountingOtlpReceiver>>;
let handle: GenAIOtelHandle;
const balance = new SpanBalanceProcessor(false);
const diagLog = captureDiag(DiagLogLevel.INFO);
beforeAll(async () => {
  receiver = await startCountingOtlpReceiver();
  handle = registerForTests({
    otlp: { endpoint: receiver.url },
    traceExporters: ['otlp'],
    metricExporters: ['none'],
    spanProcessors: [balance],
    instrumentations: [instrumentation],
  });
});
afterAll(async () => {
  await handle.shutdown();
  await receiver.close();
  diagLog.dispose();
});

describe.each(LINES)('MCP $line', (sdk) => {
  it(
    `${TOTAL_CALLS} tools/call at concurrency ${CONCURRENCY}: both sides' spans delivered, none open, heap flat`,
    async () => {
      const server = new sdk.McpServer({ name: 'echo-server', version: '1.0.0' });
      // The in-memory transport hands messages over in microtasks: without a later event-loop turn
      // (a real transport waits for I/O) 128 workers would starve the exporter's sockets and timers.
      server.registerTool('echo', { inputSchema: sdk.input }, async ({ text }: { text: string }) => {
        await new Promise((resolve) => setImmediate(resolve));
        return { content: [{ type: 'text', text }] };
      });
      const [clientEnd, serverEnd] = sdk.InMemoryTransport.createLinkedPair();
      await server.connect(serverEnd);
      const client = new sdk.Client({ name: 'echo-client', version: '1.0.0' });
      await client.connect(clientEnd);
      const runCalls = async (from: number, to: number) => {
        let next = from;
        const worker = async () => {
          while (next < to) {
            const text = `call ${next++}`;
            const result = await client.callTool({ name: 'echo', arguments: { text } });
            if (result.content[0]?.text !== text) throw new Error(`wrong answer to ${text}`);
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      };
      await handle.forceFlush();
      const before = { started: balance.started, ended: balance.ended, delivered: receiver.total() };
      const started = performance.now();
      await runCalls(0, WARM_UP_CALLS);
      await handle.forceFlush();
      const heapAfterWarmUp = await settledHeapUsed();
      await runCalls(WARM_UP_CALLS, TOTAL_CALLS);
      const callsMillis = performance.now() - started;
      await handle.forceFlush();
      const heapAtEnd = await settledHeapUsed();
      await client.close();
      await server.close();
      await handle.forceFlush();

      // Each tools/call on both sides (the session was opened before the counts were taken).
      const spans = 2 * TOTAL_CALLS;
      expect(balance.started - before.started).toBe(spans);
      expect(balance.ended - before.ended).toBe(spans);
      expect(balance.open.size).toBe(0);
      expect(diagLog.messages.filter((m) => m.level === 'warn' || m.level === 'error')).toEqual([]);
      await expect.poll(() => receiver.total() - before.delivered, { timeout: 30_000 }).toBe(spans);
      const growth = heapAtEnd - heapAfterWarmUp;
      reportFigure(`load mcp ${sdk.line}`, {
        calls: TOTAL_CALLS,
        concurrency: CONCURRENCY,
        callsPerSecond: Math.round(TOTAL_CALLS / (callsMillis / 1000)),
        spansDelivered: receiver.total() - before.delivered,
        open: balance.open.size,
        heapAfterWarmUpMB: Number((heapAfterWarmUp / 1e6).toFixed(1)),
        heapGrowthMB: Number((growth / 1e6).toFixed(2)),
      });
      expect(growth).toBeLessThan(16e6);
    },
    Math.max(600_000, TOTAL_CALLS * 60),
  );
});
