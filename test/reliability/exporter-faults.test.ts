import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenAIOtelHandle } from '../../src/process-state';
import { type OpenAIModule, requireFromRoot } from '../openai/support/load-openai';
import { chatCompletion, type OpenAIWireServer, startOpenAIWireServer } from '../support/openai-wire-server';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { captureDiag, reportFigure } from './support/diag-capture';
import {
  type FaultyOtlpEndpoint,
  type OtlpFault,
  startFaultyOtlpEndpoint,
} from './support/faulty-otlp-endpoint';
import { percentile, settledHeapUsed, timeSequentialCalls } from './support/latency';
import { OnDemandMetricReader } from './support/on-demand-metric-reader';
import { registerForTests } from './support/register-for-tests';
import { SpanBalanceProcessor } from './support/span-balance-processor';

/**
 * The OTLP backend misbehaves in every way a real one does while the app keeps calling the model.
 * What the app sees must not change (latency, results, no unhandled rejection); every span lost
 * is counted and reported; once the backend is back, later spans arrive.
 */
const CALLS_PER_SCENARIO = 200;
const OTLP_TIMEOUT_MILLIS = 2_000;
const QUEUE_LIMIT = 2_000;

let wire: OpenAIWireServer;
let receiver: OtlpReceiver;
let endpoint: FaultyOtlpEndpoint;
let handle: GenAIOtelHandle;
let client: InstanceType<OpenAIModule['default']>;
const reader = new OnDemandMetricReader();
const balance = new SpanBalanceProcessor(false);
const diagLog = captureDiag();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const p99ByFault = new Map<string, number>();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  wire = await startOpenAIWireServer();
  wire.setHandler(() => ({ kind: 'json', body: chatCompletion() }));
  receiver = await startOtlpReceiver();
  endpoint = await startFaultyOtlpEndpoint(receiver.url);
  handle = registerForTests({
    otlp: { endpoint: endpoint.url, timeoutMillis: OTLP_TIMEOUT_MILLIS },
    traceExporters: ['otlp'],
    metricExporters: ['none'],
    metricReaders: [reader],
    spanProcessors: [balance],
    batch: { scheduledDelayMillis: 100, maxQueueSize: QUEUE_LIMIT },
  });
  const { default: OpenAI } = requireFromRoot('openai') as OpenAIModule;
  client = new OpenAI({ apiKey: 'sk-test-faults', baseURL: wire.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await handle.shutdown();
  await endpoint.close();
  await receiver.close();
  await wire.close();
  process.off('unhandledRejection', onUnhandled);
  diagLog.dispose();
});

/**
 * Outcomes once every span ended so far has one: forceFlush() returns at the first failed batch,
 * while other batches may still be waiting for their export to time out.
 */
async function settledOutcomes(): Promise<{ exported: number; lost: number }> {
  let outcomes = await spanOutcomes();
  await expect
    .poll(
      async () => {
        outcomes = await spanOutcomes();
        return outcomes.exported + outcomes.lost;
      },
      { timeout: 15_000 },
    )
    .toBe(balance.ended);
  return outcomes;
}

async function spanOutcomes(): Promise<{ exported: number; lost: number }> {
  const points = await reader.counterPoints('otel.sdk.processor.span.processed');
  let exported = 0;
  let lost = 0;
  for (const point of points) {
    if (point.attributes['error.type'] === undefined) exported += point.value;
    else lost += point.value;
  }
  return { exported, lost };
}

const callModel = () =>
  client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Which ocean?' }],
  });

async function runScenario(
  fault: OtlpFault,
  label = String(fault),
): Promise<{ exported: number; lost: number }> {
  await endpoint.setFault(fault);
  const before = await settledOutcomes();
  const durations = await timeSequentialCalls(CALLS_PER_SCENARIO, async () => {
    const completion = await callModel();
    expect(completion.choices[0]?.message.content).toBe('Atlantic Ocean.');
  });
  p99ByFault.set(label, percentile(durations, 99));
  await handle.forceFlush();
  const after = await settledOutcomes();
  return { exported: after.exported - before.exported, lost: after.lost - before.lost };
}

it('measures the healthy baseline', async () => {
  await timeSequentialCalls(100, callModel); // warm-up: JIT and connection pool, not measured
  await handle.forceFlush();
  receiver.spans.length = 0;
  const outcome = await runScenario('healthy');
  expect(outcome).toEqual({ exported: CALLS_PER_SCENARIO, lost: 0 });
  expect(receiver.spans.filter((span) => span.name === 'chat gpt-4o-mini')).toHaveLength(CALLS_PER_SCENARIO);
});

it.each<OtlpFault>(['refused', 'hang', 'cut', 500, 429, 400])(
  'keeps the app unaffected while the backend answers %s, and counts every span lost',
  async (fault) => {
    const receivedBefore = receiver.spans.length;
    const outcome = await runScenario(fault);
    expect(outcome.exported).toBe(0);
    expect(outcome.lost).toBe(CALLS_PER_SCENARIO);
    expect(receiver.spans.length).toBe(receivedBefore);
    const added = (p99ByFault.get(String(fault)) ?? 0) - (p99ByFault.get('healthy') ?? 0);
    reportFigure(`added p99 latency of the app's calls with backend ${fault} (ms)`, added.toFixed(2));
    // Export is off the app's path: a blocked call would add the whole OTLP timeout (2 s).
    expect(added).toBeLessThan(OTLP_TIMEOUT_MILLIS / 4);
  },
  30_000,
);

it('delivers later spans once the backend is back', async () => {
  const receivedBefore = receiver.spans.length;
  const outcome = await runScenario('healthy', 'healthy again');
  expect(outcome).toEqual({ exported: CALLS_PER_SCENARIO, lost: 0 });
  expect(receiver.spans.length - receivedBefore).toBe(CALLS_PER_SCENARIO);
});

it('holds memory to the queue limit while the backend hangs', async () => {
  await endpoint.setFault('hang');
  const tracer = trace.getTracer('soak');
  const heapBefore = await settledHeapUsed();
  const before = await settledOutcomes();
  const ended = 20_000;
  for (let index = 0; index < ended; index++) {
    tracer.startSpan('execute_tool lookup', { attributes: { 'gen_ai.tool.name': 'lookup', index } }).end();
  }
  const heapGrowth = (await settledHeapUsed()) - heapBefore;
  await handle.forceFlush();
  // Every span is lost (the backend hangs), and counted: the ones beyond the queue limit at once
  // (queue full), the ones held in the queue and in flight when their export times out.
  await expect.poll(async () => (await spanOutcomes()).lost - before.lost, { timeout: 15_000 }).toBe(ended);
  reportFigure(
    'heap held with a hanging backend, 20000 spans ended, queue 2000 (MB)',
    (heapGrowth / 1e6).toFixed(1),
  );
  expect(heapGrowth).toBeLessThan(20e6);
  await endpoint.setFault('healthy');
}, 30_000);

it('reported the losses through diag and raised no unhandled rejection', async () => {
  await expect
    .poll(
      () => diagLog.messages.some((m) => m.level === 'warn' && m.text.includes('spans were not delivered')),
      {
        timeout: 15_000,
      },
    )
    .toBe(true);
  expect(unhandled).toEqual([]);
  reportFigure('diag lines during the fault scenarios', diagLog.messages.length);
  reportFigure(
    'p99 of the app calls per backend state (ms)',
    Object.fromEntries([...p99ByFault].map(([label, p99]) => [label, Number(p99.toFixed(2))])),
  );
}, 20_000);
