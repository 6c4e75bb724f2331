import { DiagLogLevel } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCountingOtlpReceiver } from './support/counting-otlp-receiver';
import { captureDiag, reportFigure } from './support/diag-capture';
import { RELIABILITY_INTEGRATIONS } from './support/integrations';
import type { IntegrationClient } from './support/integrations/integration-under-test';
import { useIntegrations } from './support/integrations/use-integrations';
import { settledHeapUsed } from './support/latency';
import { SpanBalanceProcessor } from './support/span-balance-processor';

/**
 * Load per integration, through its wire server over loopback HTTP (h2c for Bedrock): calls at
 * concurrency 128, every odd one streamed and read to the end, genai-otel's default batch
 * settings, OTLP/protobuf to a receiver that decodes every request. No span lost or left open,
 * no warning, heap flat. CI runs 1,000 calls per integration; the figures in docs/reliability.md
 * are from `GENAI_OTEL_INTEGRATION_LOAD_CALLS=20000`.
 */
const TOTAL_CALLS = Number(process.env.GENAI_OTEL_INTEGRATION_LOAD_CALLS ?? 1_000);
const CONCURRENCY = 128;
const WARM_UP_CALLS = Math.floor(TOTAL_CALLS / 10);

let receiver: Awaited<ReturnType<typeof startCountingOtlpReceiver>>;
const balance = new SpanBalanceProcessor(false);
// Debug lines would stringify every exported batch: capture what a production logger shows.
const diagLog = captureDiag(DiagLogLevel.INFO);
const receiverUrl = { toString: () => receiver.url };
beforeAll(async () => {
  receiver = await startCountingOtlpReceiver();
});
const { handle, clientOf } = useIntegrations({
  get otlp() {
    return { endpoint: String(receiverUrl) };
  },
  traceExporters: ['otlp'],
  metricExporters: ['none'],
  spanProcessors: [balance],
});
afterAll(async () => {
  diagLog.dispose();
  await receiver.close();
});

async function oneCall(client: IntegrationClient, index: number): Promise<void> {
  if (index % 2 === 0) {
    await client.call(`Question ${index}`);
    return;
  }
  let chunks = 0;
  for await (const _chunk of await client.openStream({ kind: 'complete' })) chunks++;
  if (chunks < 3) throw new Error(`stream ${index} ended after ${chunks} chunks`);
}

async function runCalls(client: IntegrationClient, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) await oneCall(client, next++);
  };
  // Settled, not raced: a failing worker must not leave the others calling into the next test.
  const outcomes = await Promise.allSettled(Array.from({ length: CONCURRENCY }, worker));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

describe.each(RELIABILITY_INTEGRATIONS)('$name', (integration) => {
  it(
    `${TOTAL_CALLS} calls at concurrency ${CONCURRENCY}: all delivered, none open, heap flat`,
    async () => {
      const client = clientOf(integration);
      const before = { started: balance.started, ended: balance.ended, delivered: receiver.total() };
      const errorsBefore = receiver.errorSpans();
      diagLog.clear();
      const started = performance.now();
      await runCalls(client, 0, WARM_UP_CALLS);
      client.reset();
      await handle.forceFlush();
      const heapAfterWarmUp = await settledHeapUsed();

      await runCalls(client, WARM_UP_CALLS, TOTAL_CALLS);
      const callsMillis = performance.now() - started;
      client.reset();
      await handle.forceFlush();
      const heapAtEnd = await settledHeapUsed();

      const totalSpans = TOTAL_CALLS * (client.spansPerCall ?? 1);
      expect(balance.started - before.started).toBe(totalSpans);
      expect(balance.ended - before.ended).toBe(totalSpans);
      expect(balance.open.size).toBe(0);
      await expect.poll(() => receiver.total() - before.delivered, { timeout: 30_000 }).toBe(totalSpans);
      expect(receiver.spansByName.get(client.spanName)).toBeGreaterThanOrEqual(TOTAL_CALLS);
      expect(receiver.errorSpans() - errorsBefore).toBe(0);
      expect(diagLog.messages.filter((m) => m.level === 'warn' || m.level === 'error')).toEqual([]);

      const growth = heapAtEnd - heapAfterWarmUp;
      reportFigure(`load ${integration.name}`, {
        calls: TOTAL_CALLS,
        concurrency: CONCURRENCY,
        callsPerSecond: Math.round(TOTAL_CALLS / (callsMillis / 1000)),
        spansDelivered: receiver.total() - before.delivered,
        open: balance.open.size,
        heapAfterWarmUpMB: Number((heapAfterWarmUp / 1e6).toFixed(1)),
        heapGrowthMB: Number((growth / 1e6).toFixed(2)),
      });
      // Flat: a leak of 1 KB per call over 18,000 calls would be 18 MB.
      expect(growth).toBeLessThan(16e6);
    },
    Math.max(600_000, TOTAL_CALLS * 60),
  );
});
