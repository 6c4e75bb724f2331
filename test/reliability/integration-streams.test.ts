import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { captureDiag, reportFigure } from './support/diag-capture';
import { RELIABILITY_INTEGRATIONS } from './support/integrations';
import { useIntegrations } from './support/integrations/use-integrations';
import { SpanBalanceProcessor } from './support/span-balance-processor';

/**
 * Every way an app leaves a stream, for every integration, against its wire server: the span ends
 * exactly once, and its status follows what the app saw — ERROR when (and only when) the app's
 * iteration failed; a stream cut short by the app is not an error but is marked with finish
 * reason `error`.
 */
const memory = new InMemorySpanExporter();
let balance = new SpanBalanceProcessor();
const diagLog = captureDiag();
const { handle, instrumentationOf, clientOf } = useIntegrations({
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
});
const endingsChecked = new Map<string, number>();
afterAll(() => {
  reportFigure('stream endings checked per integration', Object.fromEntries(endingsChecked));
  diagLog.dispose();
});

/** Reads `stream` to its end (or until `stopAfter` chunks), and returns how many chunks and the error, if any. */
async function read(
  stream: AsyncIterable<unknown>,
  { stopAfter, eachChunk }: { stopAfter?: number; eachChunk?: (index: number) => unknown } = {},
): Promise<{ chunks: number; error?: unknown }> {
  let chunks = 0;
  try {
    for await (const _chunk of stream) {
      chunks++;
      await eachChunk?.(chunks);
      if (chunks === stopAfter) break;
    }
    return { chunks };
  } catch (error) {
    return { chunks, error };
  }
}

describe.each(RELIABILITY_INTEGRATIONS)('$name', (integration) => {
  const client = () => clientOf(integration);

  beforeEach(() => {
    client().reset();
    memory.reset();
    balance = new SpanBalanceProcessor();
    instrumentationOf(integration).setConfig({ unconsumedResponseTimeoutMs: 300 });
    diagLog.clear();
  });

  /** The one model-call span, after checking the call's spans started once and ended exactly once. */
  async function onlySpanEndedOnce(): Promise<ReadableSpan> {
    const spansPerCall = client().spansPerCall ?? 1;
    await expect.poll(() => balance.ended, { timeout: 5_000 }).toBeGreaterThanOrEqual(spansPerCall);
    await handle.forceFlush();
    expect({ started: balance.started, ended: balance.ended, open: balance.open.size }).toEqual({
      started: spansPerCall,
      ended: spansPerCall,
      open: 0,
    });
    expect(balance.endedTwice.size).toBe(0);
    const spans = memory.getFinishedSpans().filter((span) => span.name === client().spanName);
    expect(spans).toHaveLength(1);
    expect(diagLog.messages.filter((m) => m.text.includes('only call end() on a span once'))).toEqual([]);
    endingsChecked.set(integration.name, (endingsChecked.get(integration.name) ?? 0) + 1);
    return spans[0] as ReadableSpan;
  }

  /** ERROR exactly when the app saw an error, with its `error.type`. */
  function expectStatusFollows(span: ReadableSpan, appError: unknown): void {
    if (appError === undefined) {
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes['error.type']).toBeUndefined();
    } else {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toEqual(expect.any(String));
    }
  }

  it('read to the end: not an error, a real finish reason', async () => {
    const { chunks, error } = await read(await client().openStream({ kind: 'complete' }));
    expect(error).toBeUndefined();
    expect(chunks).toBeGreaterThan(2);
    const span = await onlySpanEndedOnce();
    expectStatusFollows(span, undefined);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('early break: not an error, cut short', async () => {
    const { error } = await read(await client().openStream({ kind: 'complete', delayMs: 5 }), {
      stopAfter: 1,
    });
    expect(error).toBeUndefined();
    const span = await onlySpanEndedOnce();
    expectStatusFollows(span, undefined);
    if (client().runsUnreadStreams === 'after-break') {
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
      expect(
        memory.getFinishedSpans().filter((s) => s.attributes['genai_otel.response.unconsumed'] === true),
      ).toHaveLength(1);
    } else expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('abort through the signal mid-stream: ends once, ERROR only if the app saw the abort', async () => {
    const controller = new AbortController();
    const stream = await client().openStream({ kind: 'held' }, controller.signal);
    const { error } = await read(stream, { eachChunk: (index) => index === 1 && controller.abort() });
    const span = await onlySpanEndedOnce();
    expectStatusFollows(span, error);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it("the provider's error event mid-stream: the app gets the error, the span is ERROR", async () => {
    const { error } = await read(await client().openStream({ kind: 'error-event' }));
    expect(error).toBeInstanceOf(Error);
    expectStatusFollows(await onlySpanEndedOnce(), error);
  });

  it('connection lost mid-stream: the span ends once, ERROR if the app got the error, never a clean stop', async () => {
    // The AWS SDK ends the iteration quietly when the server resets the HTTP/2 stream; the others throw.
    const { error } = await read(await client().openStream({ kind: 'connection-lost' }));
    const span = await onlySpanEndedOnce();
    expectStatusFollows(span, error);
    expect(span.attributes['gen_ai.response.finish_reasons']).not.toEqual(['stop']);
  });

  it('double iteration: whatever the SDK does the second time, the span ends once', async () => {
    const stream = await client().openStream({ kind: 'complete' });
    const first = await read(stream);
    expect(first.error).toBeUndefined();
    await read(stream);
    const span = await onlySpanEndedOnce();
    expectStatusFollows(span, undefined);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('never consumed: ended by the unconsumed timeout, marked', async () => {
    const controller = new AbortController();
    await client().openStream({ kind: 'complete', delayMs: 5 }, controller.signal);
    const span = await onlySpanEndedOnce();
    const marked = memory
      .getFinishedSpans()
      .filter((s) => s.attributes['genai_otel.response.unconsumed'] === true);
    if (client().runsUnreadStreams) {
      // The library reads the model's stream whatever the app does: the model call completes (the
      // AI SDK's call span is then ended by the unconsumed timeout, marked).
      expectStatusFollows(span, undefined);
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
      expect(marked.length).toBeLessThanOrEqual(1);
    } else expect(marked).toHaveLength(1);
    controller.abort();
  });

  it('consumer slower than the producer: everything arrives, the span ends once at the end', async () => {
    const { chunks, error } = await read(await client().openStream({ kind: 'complete' }), {
      eachChunk: () => new Promise((resolve) => setTimeout(resolve, 15)),
    });
    expect(error).toBeUndefined();
    expect(chunks).toBeGreaterThan(2);
    const span = await onlySpanEndedOnce();
    expectStatusFollows(span, undefined);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });
});
