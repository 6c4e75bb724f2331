import { diag, metrics, SpanStatusCode, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { GenAIMetrics } from '../../src/genai/genai-metrics';
import type { SdkCallHost } from '../../src/genai/model-call';
import type { OperationSpec } from '../../src/genai/operation-spec';
import { followPromiseCall } from '../../src/genai/promise-call-follower';
import type { StreamEnding } from '../../src/genai/stream-follower';
import { finishedSpans, onlySpan, resetTelemetry, sleep } from '../support/instrumentation-telemetry';

/**
 * The plain-promise follower with a made-up SDK whose stream is an async iterable that is not a
 * generator (a fresh iterator per `[Symbol.asyncIterator]()`, as the AWS SDK's event streams are):
 * the path @google/genai's generators do not take.
 */
const endings: StreamEnding[] = [];
const spec: OperationSpec = {
  request: (params, endpoint) => ({
    operationName: 'chat',
    providerName: endpoint.providerName,
    requestModel: String(params.model),
    stream: params.stream === true,
  }),
  isStream: (params) => params.stream === true,
  result: (body) => ({ responseId: (body as { id?: string }).id }),
  streamAccumulator: () => {
    let count = 0;
    return {
      add: () => {
        count++;
      },
      result: (ending) => {
        endings.push(ending);
        return { usage: { outputTokens: count } };
      },
    };
  },
};

const host: SdkCallHost = {
  sdkName: 'made-up',
  diag,
  isEnabled: () => true,
  telemetry: () => ({
    tracer: trace.getTracer('test'),
    metrics: new GenAIMetrics(metrics.getMeter('test')),
    diag,
  }),
  config: () => ({}),
  unconsumedTimeoutMs: () => 50,
  endpointOf: () => ({ providerName: 'made-up' }),
  chunkText: () => undefined,
};

class EventStream implements AsyncIterable<string> {
  constructor(private readonly events: string[]) {}
  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    yield* this.events;
  }
}

const sdk = {
  async send(params: { stream?: boolean; fail?: boolean }): Promise<unknown> {
    if (params.fail) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    return { id: 'resp-1' };
  },
};

function send(params: Record<string, unknown>): Promise<unknown> {
  return followPromiseCall(host, spec, 'send', sdk.send as never, sdk, [
    { model: 'm', ...params },
  ]) as Promise<unknown>;
}

beforeEach(() => {
  resetTelemetry();
  endings.length = 0;
});

describe('followPromiseCall', () => {
  it('records a plain response and returns the very object the SDK resolved with', async () => {
    const response = await send({});
    expect(response).toEqual({ id: 'resp-1' });
    expect(onlySpan().attributes['gen_ai.response.id']).toBe('resp-1');
  });

  it('ends the span with the error and rejects with the same error', async () => {
    await expect(send({ fail: true })).rejects.toThrow('throttled');
    expect(onlySpan().status.code).toBe(SpanStatusCode.ERROR);
    expect(onlySpan().attributes['error.type']).toBe('ThrottlingException');
  });

  it('follows an async iterable that is not a generator, in place, and ends once on break', async () => {
    const sdkStream = new EventStream(['a', 'b', 'c']);
    const returned = await (followPromiseCall(host, spec, 'send', async () => sdkStream, sdk, [
      { model: 'm', stream: true },
    ]) as Promise<AsyncIterable<string>>);
    expect(returned).toBe(sdkStream);
    for await (const event of returned) {
      if (event === 'b') break;
    }
    expect(endings).toEqual(['cancelled']);
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(2);
    // A second iteration is the caller's own and is not followed again.
    const again: string[] = [];
    for await (const event of returned) again.push(event);
    expect(again).toEqual(['a', 'b', 'c']);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('ends a stream nobody reads after the unconsumed timeout', async () => {
    await (followPromiseCall(host, spec, 'send', async () => new EventStream(['a']), sdk, [
      { model: 'm', stream: true },
    ]) as Promise<unknown>);
    await sleep(100);
    expect(onlySpan().attributes['genai_otel.response.unconsumed']).toBe(true);
  });
});

describe('followPromiseCall with OperationSpec.streamOf (a response object holding the stream)', () => {
  it('follows the stream inside the response in place and resolves with the very response', async () => {
    const sdkStream = new EventStream(['a', 'b']);
    const sdkResponse = { $metadata: { httpStatusCode: 200 }, stream: sdkStream };
    const holding: OperationSpec = {
      ...spec,
      streamOf: (response) => (response as typeof sdkResponse).stream,
    };
    const returned = await (followPromiseCall(host, holding, 'send', async () => sdkResponse, sdk, [
      { model: 'm', stream: true },
    ]) as Promise<typeof sdkResponse>);
    expect(returned).toBe(sdkResponse);
    expect(returned.stream).toBe(sdkStream);
    expect(finishedSpans()).toHaveLength(0);
    for await (const _event of returned.stream);
    expect(endings).toEqual(['completed']);
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(2);
  });
});
