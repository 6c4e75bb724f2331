import { createRequire } from 'node:module';
import { propagation, type Span, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropicMessage, messageEvents } from '../support/anthropic-wire-server';
import { finishedSpans, onlySpan, resetTelemetry } from '../support/instrumentation-telemetry';
import {
  type AnyAnthropicClient,
  clientFor,
  requireFromRoot,
  TEST_API_KEY,
} from './support/anthropic-clients';
import { useInstrumentedAnthropic } from './support/instrumented-anthropic';

/**
 * `@anthropic-ai/sdk` 1.x traces its own calls once a global tracer provider exists. For the calls
 * genai-otel traces, the SDK runs its untraced path (instrumentations/anthropic/sdk-own-spans.ts):
 * one span per call, ours; the trace context the SDK would send names our span; the SDK keeps its
 * own spans for everything else.
 */
const { instrumentation, server, client } = useInstrumentedAnthropic();

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
  instrumentation.enable();
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterEach(() => {
  propagation.disable();
});

const MODEL = 'claude-sonnet-4-6';
const REQUEST = { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] };

/** The `traceparent` a request with `span` as its parent carries (sampled). */
function traceparentOf(span: ReadableSpan | Span): string {
  const { traceId, spanId } = span.spanContext();
  return `00-${traceId}-${spanId}-01`;
}

function chatSpans(): ReadableSpan[] {
  return finishedSpans().filter((span) => span.name === `chat ${MODEL}`);
}

describe('a traced call runs without the SDK tracing it', () => {
  it('create(), create({ stream: true }) and stream(): one span each, and each request names it', async () => {
    server.enqueue(
      { kind: 'message', body: anthropicMessage({ model: MODEL }) },
      { kind: 'events', events: messageEvents({ model: MODEL }) },
      { kind: 'events', events: messageEvents({ model: MODEL }) },
      { kind: 'events', events: messageEvents({ model: MODEL }) },
    );
    await client.messages.create(REQUEST);
    for await (const _ of await client.messages.create({ ...REQUEST, stream: true }));
    await client.messages.stream(REQUEST).finalMessage();
    await client.beta.messages.stream(REQUEST).finalMessage();

    const spans = finishedSpans();
    expect(spans.map((span) => span.name)).toEqual(Array(4).fill(`chat ${MODEL}`));
    expect(server.requests.map((request) => request.headers.traceparent)).toEqual(spans.map(traceparentOf));
  });

  it('the HTTP request runs with our span itself active: an HTTP span is its child, a fetch wrapper can add to it', async () => {
    const activeAtFetch: Array<Span | undefined> = [];
    const recordingAtFetch: Array<boolean | undefined> = [];
    const recording = clientFor('anthropic', 'v1', server, {
      fetch: (url: string, init: RequestInit) => {
        activeAtFetch.push(trace.getActiveSpan());
        recordingAtFetch.push(trace.getActiveSpan()?.isRecording());
        return fetch(url, init);
      },
    });
    server.enqueue({ kind: 'message', body: anthropicMessage({ model: MODEL }) });
    await recording.messages.create(REQUEST);
    expect(activeAtFetch.map((span) => span?.spanContext().spanId)).toEqual([
      onlySpan().spanContext().spanId,
    ]);
    // Our span, not a stand-in with its context (the SDK's traced path would make that active).
    expect(recordingAtFetch).toEqual([true]);
  });

  it("keeps the caller's request headers, and its own trace context yields to ours", async () => {
    server.enqueue(
      { kind: 'message', body: anthropicMessage({ model: MODEL }) },
      { kind: 'message', body: anthropicMessage({ model: MODEL }) },
    );
    const stale = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await client.messages.create(REQUEST, { headers: { 'X-Caller': 'kept', TraceParent: stale } });
    // A `Headers` object takes the SDK's traced path instead: the same outcome.
    await client.messages.create(REQUEST, { headers: new Headers({ 'X-Caller': 'kept too' }) });

    const spans = chatSpans();
    expect(spans).toHaveLength(2);
    expect(server.requests.map((request) => request.headers['x-caller'])).toEqual(['kept', 'kept too']);
    expect(server.requests.map((request) => request.headers.traceparent)).toEqual(spans.map(traceparentOf));
  });

  it('sends no trace context for a client whose propagation is off', async () => {
    const quiet = clientFor('anthropic', 'v1', server, { openTelemetry: { propagation: false } });
    server.enqueue({ kind: 'message', body: anthropicMessage({ model: MODEL }) });
    await quiet.messages.create(REQUEST);
    expect(onlySpan().name).toBe(`chat ${MODEL}`);
    expect(server.requests[0]?.headers.traceparent).toBeUndefined();
  });
  it("still makes its one span when the app's propagator throws, and the call succeeds", async () => {
    propagation.disable();
    propagation.setGlobalPropagator({
      inject: () => {
        throw new Error('propagator failure');
      },
      extract: (context) => context,
      fields: () => ['traceparent'],
    });
    server.enqueue({ kind: 'message', body: anthropicMessage({ model: MODEL }) });
    const message = await client.messages.create(REQUEST);
    expect(message.model).toBe(MODEL);
    expect(finishedSpans().map((span) => span.name)).toEqual([`chat ${MODEL}`]);
    expect(server.requests[0]?.headers.traceparent).toBeUndefined();
  });
});

describe("the SDK's own spans for what genai-otel does not trace", () => {
  it('stay, also right after a traced call and after one the SDK refused synchronously', async () => {
    server.enqueue(
      { kind: 'message', body: anthropicMessage({ model: MODEL }) },
      { kind: 'message', body: { input_tokens: 14 } },
      { kind: 'message', body: { input_tokens: 14 } },
    );
    await client.messages.create(REQUEST);
    await client.messages.countTokens?.(REQUEST);
    // Non-streaming calls that could take over ten minutes throw before any request is sent.
    expect(() => client.messages.create({ ...REQUEST, max_tokens: 1_000_000 })).toThrow(/[Ss]treaming/);
    await client.messages.countTokens?.(REQUEST);

    expect(finishedSpans().map((span) => span.name)).toEqual([
      `chat ${MODEL}`,
      'anthropic.messages.count_tokens',
      `chat ${MODEL}`,
      'anthropic.messages.count_tokens',
    ]);
    // The SDK's own spans still send their trace context.
    const countSpans = finishedSpans().filter((span) => span.name === 'anthropic.messages.count_tokens');
    expect(server.requests.slice(1).map((request) => request.headers.traceparent)).toEqual(
      countSpans.map(traceparentOf),
    );
  });

  it('are made for the calls genai-otel traces once it is disabled', async () => {
    instrumentation.disable();
    server.enqueue({ kind: 'events', events: messageEvents({ model: MODEL }) });
    await client.messages.stream(REQUEST).finalMessage();
    expect(finishedSpans().map((span) => span.name)).toEqual(['anthropic.messages.create']);
  });
});

describe('clients that keep the placeholder path', () => {
  it('AnthropicBedrock (1.x, signs its requests): one span, and the trace context names it', async () => {
    const bedrock = clientFor('bedrock', 'v1', server);
    server.enqueue({ kind: 'message', body: anthropicMessage({ model: MODEL }) });
    await bedrock.messages.create(REQUEST);
    const span = onlySpan();
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(server.requests[0]?.headers.traceparent).toBe(traceparentOf(span));
  });
});

describe('0.x from 0.134 (traces itself too)', () => {
  // 0.137, the copy the aliased 0.x Bedrock client depends on, loaded by its real name: patched by
  // the require hook like 1.x.
  const requireV0137 = createRequire(requireFromRoot.resolve('anthropic-bedrock-sdk-v0'));

  it('create() and stream(): one span each, and each request names it', async () => {
    const sdk = requireV0137('@anthropic-ai/sdk') as {
      Anthropic: new (options: object) => AnyAnthropicClient;
    };
    expect((requireV0137('@anthropic-ai/sdk/version') as { VERSION: string }).VERSION).toMatch(/^0\.13[4-9]/);
    const v0 = new sdk.Anthropic({ apiKey: TEST_API_KEY, baseURL: server.url });
    server.enqueue(
      { kind: 'message', body: anthropicMessage({ model: MODEL }) },
      { kind: 'events', events: messageEvents({ model: MODEL }) },
    );
    await v0.messages.create(REQUEST);
    await v0.messages.stream(REQUEST).finalMessage();
    const spans = finishedSpans();
    expect(spans.map((span) => span.name)).toEqual(Array(2).fill(`chat ${MODEL}`));
    expect(server.requests.map((request) => request.headers.traceparent)).toEqual(spans.map(traceparentOf));
  });
});
