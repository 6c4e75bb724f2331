import { SpanStatusCode } from '@opentelemetry/api';
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
 * Every way an app leaves a stream, against the local wire server over HTTP: the span ends
 * exactly once, with the status docs/streaming.md promises, and the app sees what it would see
 * without genai-otel.
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

it('read to the end: OK, finish reason stop, usage', async () => {
  queueStream();
  let text = '';
  for await (const chunk of await openStream()) text += chunk.choices[0]?.delta.content ?? '';
  expect(text).toBe('Atlantic Ocean, the second largest.');
  const span = await onlyChatSpanEndedOnce();
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
  expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  expect(span.attributes['gen_ai.usage.output_tokens']).toBe(4);
});

it('early break: not an error, cut short', async () => {
  queueStream({ delayMs: 5 });
  for await (const _chunk of await openStream()) break;
  const span = await onlyChatSpanEndedOnce();
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
  expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
});

it('abort mid-stream: ended quietly, not an error, cut short', async () => {
  queueStream({ delayMs: 20 });
  const controller = new AbortController();
  const seen: unknown[] = [];
  try {
    let count = 0;
    for await (const _chunk of await openStream(controller.signal)) {
      if (++count === 2) controller.abort();
    }
  } catch (error) {
    seen.push(error);
  }
  // openai 7 ends the iteration quietly on its own signal, so the app sees no error and neither
  // does the span (docs/streaming.md); a surfaced abort would make it ERROR.
  expect(seen).toEqual([]);
  const span = await onlyChatSpanEndedOnce();
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
  expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
});

it('connection lost mid-stream: the app sees the error, the span is ERROR', async () => {
  queueStream({ destroyAfter: 3 });
  const error = await (async () => {
    try {
      for await (const _chunk of await openStream()) {
      }
    } catch (caught) {
      return caught;
    }
  })();
  expect(error).toBeInstanceOf(Error);
  const span = await onlyChatSpanEndedOnce();
  expect(span.status.code).toBe(SpanStatusCode.ERROR);
  expect(span.attributes['error.type']).toBe((error as Error).constructor.name);
});

it('double iteration: the SDK refuses the second, the span ends once', async () => {
  queueStream();
  const stream = await openStream();
  for await (const _chunk of stream) {
  }
  const second = await (async () => {
    try {
      for await (const _chunk of stream) {
      }
    } catch (caught) {
      return caught;
    }
  })();
  expect(String(second)).toMatch(/Cannot iterate over a consumed stream/);
  const span = await onlyChatSpanEndedOnce();
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
});

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

it('never consumed: ended by the unconsumed timeout, marked', async () => {
  queueStream();
  const stream = await openStream();
  const span = await onlyChatSpanEndedOnce();
  expect(span.attributes['genai_otel.response.unconsumed']).toBe(true);
  stream.controller.abort();
});

it('consumer slower than the producer: everything arrives, ends once at the end', async () => {
  queueStream();
  let text = '';
  for await (const chunk of await openStream()) {
    await new Promise((resolve) => setTimeout(resolve, 15));
    text += chunk.choices[0]?.delta.content ?? '';
  }
  expect(text).toBe('Atlantic Ocean, the second largest.');
  const span = await onlyChatSpanEndedOnce();
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
  expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  expect(diagLog.messages.filter((m) => m.text.includes('only call end() on a span once'))).toEqual([]);
});
