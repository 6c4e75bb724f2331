import { SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { getSharedOpenAIInstrumentation } from '../../instrumentations/openai/instrument';
import { withContentCapture } from '../../src/content/capture-policy';
import { safeJsonStringify } from '../../src/content/safe-json';
import type { GenAIOtelHandle } from '../../src/process-state';
import { startSpan } from '../../src/tracing/start-span';
import { traced } from '../../src/tracing/traced';
import { withLLMCall } from '../../src/tracing/with-llm-call';
import { type OpenAIModule, requireFromRoot } from '../openai/support/load-openai';
import { chatCompletion, chatCompletionChunks, openAIHeaders } from '../support/openai-wire-server';
import { captureDiag, reportFigure } from './support/diag-capture';
import { hostileValue, namedHostileValue } from './support/hostile-values';
import { registerForTests } from './support/register-for-tests';
import { SpanBalanceProcessor } from './support/span-balance-processor';

/**
 * Property-based: hostile user data and malformed provider answers through every path that
 * serializes them, with content capture on. No exception of ours reaches the app, the app gets
 * what it gets without genai-otel, every span ends once, every attribute is a valid value.
 */
const RUNS = 150;
const memory = new InMemorySpanExporter();
let balance = new SpanBalanceProcessor();
let handle: GenAIOtelHandle;
const instrumentation = getSharedOpenAIInstrumentation();
const diagLog = captureDiag();
let inputsTried = 0;

/** The next answer the in-process model gives: a JSON body, or SSE text (possibly cut short). */
let nextAnswer: { json?: unknown; sse?: string } = {};
const modelFetch: typeof fetch = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  if (nextAnswer.sse !== undefined) {
    return new Response(nextAnswer.sse, {
      headers: { ...openAIHeaders({ 'x-request-id': 'req_fixed' }), 'content-type': 'text/event-stream' },
    });
  }
  return new Response(JSON.stringify(nextAnswer.json ?? null), {
    headers: { ...openAIHeaders({ 'x-request-id': 'req_fixed' }), 'content-type': 'application/json' },
  });
};
let client: InstanceType<OpenAIModule['default']>;

beforeAll(() => {
  handle = registerForTests({
    traceExporters: ['none'],
    spanExporters: [memory],
    spanProcessors: [
      {
        onStart: (span, context) => balance.onStart(span, context),
        onEnd: (span) => balance.onEnd(span),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
    captureMessageContent: true,
    batch: { scheduledDelayMillis: 1 },
  });
  const { default: OpenAI } = requireFromRoot('openai') as OpenAIModule;
  client = new OpenAI({
    apiKey: 'sk-bad-input',
    baseURL: 'http://model.invalid/v1',
    fetch: modelFetch,
    maxRetries: 0,
    logLevel: 'off',
  });
});
afterAll(async () => {
  reportFigure('bad inputs tried', inputsTried);
  await handle.shutdown();
  diagLog.dispose();
});
beforeEach(() => {
  memory.reset();
  balance = new SpanBalanceProcessor();
});

async function spansEndedOnceAndExportable(): Promise<ReadableSpan[]> {
  await handle.forceFlush();
  expect(balance.open.size).toBe(0);
  expect(balance.endedTwice.size).toBe(0);
  const spans = memory.getFinishedSpans();
  // Exportable is the bar: both OTLP encodings accept every attribute the spans ended with.
  expect(ProtobufTraceSerializer.serializeRequest(spans)?.length).toBeGreaterThan(0);
  expect(JsonTraceSerializer.serializeRequest(spans)?.length).toBeGreaterThan(0);
  for (const span of spans) {
    for (const value of Object.values(span.attributes)) expect(value).not.toBeUndefined();
  }
  memory.reset();
  balance = new SpanBalanceProcessor();
  return spans;
}

type Outcome = { value?: unknown; error?: string };
async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: `${(error as Error)?.constructor?.name}: ${(error as Error)?.message}` };
  }
}

it('safeJsonStringify never throws and always returns parseable, bounded JSON', () => {
  fc.assert(
    fc.property(hostileValue, (value) => {
      inputsTried++;
      const json = safeJsonStringify(value);
      expect(typeof json).toBe('string');
      expect(() => JSON.parse(json)).not.toThrow();
      expect(json.length).toBeLessThan(2_000_000);
    }),
    { numRuns: RUNS * 2 },
  );
});

it('traced and startSpan give back exactly what the function returns or throws, whatever it is', async () => {
  await fc.assert(
    fc.asyncProperty(
      hostileValue,
      fc.constantFrom('tool', 'agent', 'workflow', 'llm', 'retrieval', 'task') as fc.Arbitrary<'tool'>,
      fc.boolean(),
      async (value, kind, throws) => {
        inputsTried++;
        memory.reset();
        balance = new SpanBalanceProcessor();
        const body = async (input: unknown) => {
          if (throws) throw input;
          return input;
        };
        // Resolving a value reads its `then`, so a hostile value can fail the plain function too:
        // the traced one must do exactly the same.
        const settle = (promise: Promise<unknown>) =>
          promise.then(
            (returned) => ({ returned }),
            (thrown: unknown) => ({ thrown }),
          );
        const without = await settle(body(value));
        const withUs = await settle(traced(body, { kind, name: 'hostile', captureContent: true })(value));
        expect(sameOutcome(withUs, without)).toBe(true);

        let direct: unknown;
        expect(() => {
          direct = startSpan('hostile direct', { captureContent: true, input: value }, () => value);
        }).not.toThrow();
        expect(direct).toBe(value);
        const spans = await spansEndedOnceAndExportable();
        expect(spans).toHaveLength(2);
        if ('thrown' in withUs) expect(spans[0]?.status.code).toBe(SpanStatusCode.ERROR);
      },
    ),
    { numRuns: RUNS, timeout: 10_000 },
  );
});

/**
 * The very same value returned or thrown, or an Error of the same class and message (a throwing
 * getter makes a fresh one each time). Compared by hand: a deep-equality matcher would itself
 * trip over the hostile values.
 */
function sameOutcome(
  a: { returned?: unknown; thrown?: unknown },
  b: { returned?: unknown; thrown?: unknown },
): boolean {
  if ('returned' in a || 'returned' in b)
    return 'returned' in a && 'returned' in b && Object.is(a.returned, b.returned);
  if (a.thrown instanceof Error && b.thrown instanceof Error) {
    return a.thrown.constructor === b.thrown.constructor && a.thrown.message === b.thrown.message;
  }
  return Object.is(a.thrown, b.thrown);
}

it('withLLMCall records any response shape without throwing into the call', async () => {
  await fc.assert(
    fc.asyncProperty(hostileValue, hostileValue, async (output, usage) => {
      inputsTried++;
      const result = await withContentCapture(true, () =>
        withLLMCall({ provider: 'ollama', model: 'llama3.2', input: output }, async (call) => {
          call.recordResponse({
            output,
            usage: usage as never,
            finishReasons: output as never,
            model: usage as never,
          });
          call.recordChunk();
          return 'answer';
        }),
      );
      expect(result).toBe('answer');
      expect(await spansEndedOnceAndExportable()).toHaveLength(1);
    }),
    { numRuns: RUNS },
  );
});

it('OpenAI requests with hostile message content: the app sees what it sees without genai-otel', async () => {
  nextAnswer = { json: chatCompletion({ id: 'chatcmpl-fixed' }) };
  await fc.assert(
    fc.asyncProperty(namedHostileValue, hostileValue, async (content, extra) => {
      inputsTried++;
      const call = () =>
        client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: content as string }, extra as never],
        });
      instrumentation.disable();
      const without = await outcomeOf(call);
      instrumentation.enable();
      const withUs = await outcomeOf(call);
      expect(withUs).toEqual(without);
      await spansEndedOnceAndExportable();
    }),
    { numRuns: RUNS },
  );
});

/** A recorded-looking completion with fields removed, nulled or given the wrong type. */
const malformedCompletion = fc
  .tuple(
    fc.subarray([
      'choices',
      'usage',
      'model',
      'id',
      'choices.0.message',
      'choices.0.finish_reason',
      'usage.prompt_tokens',
    ]),
    fc.constantFrom('delete', 'null', 'string', 'number', 'array', 'object'),
  )
  .map(([paths, how]) => {
    const body = chatCompletion({ id: 'chatcmpl-fixed' }) as Record<string, unknown>;
    for (const path of paths) mutate(body, path.split('.'), how);
    return body;
  });

function mutate(target: Record<string, unknown>, path: string[], how: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length > 0) {
    const next = target[head];
    if (next && typeof next === 'object') mutate(next as Record<string, unknown>, rest, how);
    return;
  }
  if (how === 'delete') delete target[head];
  else
    target[head] = { null: null, string: 'oops', number: 42, array: [1, 'x'], object: { weird: true } }[how];
}

it('malformed JSON answers (missing choices/usage, nulls, wrong types): same result as without genai-otel', async () => {
  await fc.assert(
    fc.asyncProperty(malformedCompletion, async (body) => {
      inputsTried++;
      nextAnswer = { json: body };
      const call = () =>
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
      instrumentation.disable();
      const without = await outcomeOf(call);
      instrumentation.enable();
      const withUs = await outcomeOf(call);
      expect(withUs).toEqual(without);
      expect(await spansEndedOnceAndExportable()).toHaveLength(1);
    }),
    { numRuns: RUNS },
  );
});

/** SSE text of a streamed completion, cut at any byte, with chunks possibly malformed. */
const truncatedSse = fc
  .tuple(fc.nat(), fc.boolean(), fc.constantFrom('none', 'null-choices', 'wrong-usage', 'garbage'))
  .map(([cut, keepDone, corruption]) => {
    const events = chatCompletionChunks({ id: 'chatcmpl-fixed', includeUsage: true });
    const lines = events.map((event) => {
      let data = event.data;
      if (typeof data === 'object' && data !== null) {
        const chunk = { ...(data as Record<string, unknown>) };
        if (corruption === 'null-choices') chunk.choices = null;
        if (corruption === 'wrong-usage' && 'usage' in chunk) chunk.usage = 'lots';
        data = chunk;
      }
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      return `data: ${corruption === 'garbage' ? `${text.slice(0, 10)}}}{` : text}\n\n`;
    });
    const full = lines.join('');
    const sse = full.slice(0, cut % (full.length + 1));
    return keepDone ? sse : sse.replace('data: [DONE]\n\n', '');
  });

it('truncated or corrupt SSE streams: the app sees the same chunks or error, the span ends once', async () => {
  // The SDK itself prints every unparsable chunk with console.error, with or without us.
  const sdkConsole = vi.spyOn(console, 'error').mockImplementation(() => {});
  await fc.assert(
    fc.asyncProperty(truncatedSse, async (sse) => {
      inputsTried++;
      nextAnswer = { sse };
      const call = async () => {
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
          stream_options: { include_usage: true },
        });
        const chunks: unknown[] = [];
        for await (const chunk of stream) chunks.push(chunk);
        return chunks;
      };
      instrumentation.disable();
      const without = await outcomeOf(call);
      instrumentation.enable();
      const withUs = await outcomeOf(call);
      expect(withUs).toEqual(without);
      expect(await spansEndedOnceAndExportable()).toHaveLength(1);
    }),
    { numRuns: RUNS },
  );
  sdkConsole.mockRestore();
  nextAnswer = {};
});
