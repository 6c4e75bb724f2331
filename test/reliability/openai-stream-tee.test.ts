import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { getSharedOpenAIInstrumentation } from '../../instrumentations/openai/instrument';
import type { GenAIOtelHandle } from '../../src/process-state';
import { type OpenAIModule, requireFromRoot } from '../openai/support/load-openai';
import {
  chatCompletionChunks,
  type OpenAIWireServer,
  startOpenAIWireServer,
} from '../support/openai-wire-server';
import { captureDiag } from './support/diag-capture';
import { registerForTests } from './support/register-for-tests';
import { SpanBalanceProcessor } from './support/span-balance-processor';

/**
 * OpenAI's `Stream.tee()` against the local wire server over HTTP: both branches read everything
 * and the span ends exactly once. Every other way of leaving a stream is checked for every
 * integration by integration-streams.test.ts.
 */
let wire: OpenAIWireServer;
let handle: GenAIOtelHandle;
let client: InstanceType<OpenAIModule['default']>;
const memory = new InMemorySpanExporter();
let balance = new SpanBalanceProcessor();
const diagLog = captureDiag();

beforeAll(async () => {
  wire = await startOpenAIWireServer();
  handle = registerForTests({
    traceExporters: ['none'],
    spanExporters: [memory],
    spanProcessors: [balanceProxy()],
  });
  getSharedOpenAIInstrumentation().setConfig({ unconsumedResponseTimeoutMs: 300 });
  const { default: OpenAI } = requireFromRoot('openai') as OpenAIModule;
  client = new OpenAI({ apiKey: 'sk-streams', baseURL: wire.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await handle.shutdown();
  await wire.close();
  diagLog.dispose();
});
beforeEach(() => {
  wire.reset();
  memory.reset();
  balance = new SpanBalanceProcessor();
});

/** register() takes processors once; this forwards to the current test's counter. */
function balanceProxy(): SpanBalanceProcessor {
  return {
    onStart: (span, context) => balance.onStart(span, context),
    onEnd: (span) => balance.onEnd(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  } as SpanBalanceProcessor;
}

const pieces = [['Atlantic', ' Ocean', ',', ' the', ' second', ' largest', '.']];
function queueStream(options: { delayMs?: number; destroyAfter?: number } = {}): void {
  wire.enqueue('POST /v1/chat/completions', {
    kind: 'sse',
    events: chatCompletionChunks({ pieces, includeUsage: true }),
    ...options,
  });
}

const openStream = (signal?: AbortSignal) =>
  client.chat.completions.create(
    {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Which ocean?' }],
      stream: true,
      stream_options: { include_usage: true },
    },
    { signal },
  );

/** The one chat span, after checking it started once and ended exactly once. */
async function onlyChatSpanEndedOnce(): Promise<ReadableSpan> {
  await expect.poll(() => balance.ended, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
  await handle.forceFlush();
  expect(balance.started).toBe(1);
  expect(balance.ended).toBe(1);
  expect(balance.open.size).toBe(0);
  expect(balance.endedTwice.size).toBe(0);
  const spans = memory.getFinishedSpans();
  expect(spans.map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
  return spans[0] as ReadableSpan;
}

it('tee: both branches read everything, the span ends once', async () => {
  queueStream();
  const [left, right] = (await openStream()).tee();
  const read = async (stream: typeof left) => {
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  };
  expect(await Promise.all([read(left), read(right)])).toEqual([
    'Atlantic Ocean, the second largest.',
    'Atlantic Ocean, the second largest.',
  ]);
  const span = await onlyChatSpanEndedOnce();
  expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
});
