import { DiagLogLevel } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenAIOtelHandle } from '../../src/process-state';
import { type OpenAIModule, requireFromRoot } from '../openai/support/load-openai';
import { startCountingOtlpReceiver } from './support/counting-otlp-receiver';
import { captureDiag, reportFigure } from './support/diag-capture';
import { inProcessOpenAIFetch } from './support/in-process-openai-fetch';
import { settledHeapUsed } from './support/latency';
import { registerForTests } from './support/register-for-tests';
import { SpanBalanceProcessor } from './support/span-balance-processor';

/**
 * 100,000 instrumented chat completions, half streamed, 256 at a time, with genai-otel's default
 * batch settings exporting OTLP/protobuf to a loopback receiver. The model answers through an
 * in-process `fetch` in the real wire format (see in-process-openai-fetch.ts for why).
 * `GENAI_OTEL_LOAD_CALLS` lowers the count for a quick local run.
 */
const TOTAL_CALLS = Number(process.env.GENAI_OTEL_LOAD_CALLS ?? 100_000);
const CONCURRENCY = 256;
const WARM_UP_CALLS = Math.floor(TOTAL_CALLS / 10);

let receiver: Awaited<ReturnType<typeof startCountingOtlpReceiver>>;
let handle: GenAIOtelHandle;
let client: InstanceType<OpenAIModule['default']>;
const balance = new SpanBalanceProcessor(false);
// Debug lines would stringify every exported batch: capture what a production logger shows.
const diagLog = captureDiag(DiagLogLevel.INFO);

beforeAll(async () => {
  receiver = await startCountingOtlpReceiver();
  handle = registerForTests({
    otlp: { endpoint: receiver.url },
    traceExporters: ['otlp'],
    metricExporters: ['none'],
    spanProcessors: [balance],
  });
  const { default: OpenAI } = requireFromRoot('openai') as OpenAIModule;
  client = new OpenAI({
    apiKey: 'sk-load-test',
    baseURL: 'http://model.invalid/v1',
    fetch: inProcessOpenAIFetch(),
  });
});

afterAll(async () => {
  await handle.shutdown();
  await receiver.close();
  diagLog.dispose();
});

async function oneCall(index: number): Promise<void> {
  const messages = [{ role: 'user' as const, content: `Which ocean? (${index})` }];
  if (index % 2 === 0) {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    if (completion.choices[0]?.message.content !== 'Atlantic Ocean.') throw new Error('wrong answer');
    return;
  }
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  if (text !== 'Atlantic Ocean.') throw new Error('wrong streamed answer');
}

async function runCalls(from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) await oneCall(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

it(`makes ${TOTAL_CALLS} instrumented calls at concurrency ${CONCURRENCY}: no span open, heap flat, all delivered`, async () => {
  const started = performance.now();
  await runCalls(0, WARM_UP_CALLS);
  await handle.forceFlush();
  const heapAfterWarmUp = await settledHeapUsed();

  await runCalls(WARM_UP_CALLS, TOTAL_CALLS);
  const callsMillis = performance.now() - started;
  await handle.forceFlush();
  const heapAtEnd = await settledHeapUsed();

  expect(balance.started).toBe(TOTAL_CALLS);
  expect(balance.ended).toBe(TOTAL_CALLS);
  expect(balance.open.size).toBe(0);
  await expect.poll(() => receiver.total(), { timeout: 30_000 }).toBe(TOTAL_CALLS);
  expect(receiver.spansByName.get('chat gpt-4o-mini')).toBe(TOTAL_CALLS);
  expect(receiver.errorSpans()).toBe(0);
  expect(diagLog.messages.filter((m) => m.level === 'warn' || m.level === 'error')).toEqual([]);

  const growth = heapAtEnd - heapAfterWarmUp;
  reportFigure('load calls', TOTAL_CALLS);
  reportFigure('load throughput (calls/s)', Math.round(TOTAL_CALLS / (callsMillis / 1000)));
  reportFigure('load heap after warm-up (MB)', (heapAfterWarmUp / 1e6).toFixed(1));
  reportFigure('load heap growth warm-up to end (MB)', (growth / 1e6).toFixed(2));
  reportFigure('load spans delivered', receiver.total());
  // Flat: a leak of even 200 bytes per call over 90,000 calls would be 18 MB.
  expect(growth).toBeLessThan(16e6);
}, 600_000);
