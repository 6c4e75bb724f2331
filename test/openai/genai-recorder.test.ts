import { type DiagLogger, SpanStatusCode, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { GenAIMetrics } from '../../src/genai/genai-metrics';
import { type GenAITelemetry, InferenceRecording } from '../../src/genai/inference-recording';
import { MAX_INLINE_MEDIA_CHARS, mediaPartFromUrl } from '../../src/genai/media-parts';
import { serverAddressFromUrl } from '../../src/genai/server-address';
import { followAsyncIterator, type StreamAccumulator } from '../../src/genai/stream-follower';
import {
  finishedSpans,
  histogram,
  meterProvider,
  onlySpan,
  resetTelemetry,
} from '../support/instrumentation-telemetry';

function telemetry(): { telemetry: GenAITelemetry; diagErrors: unknown[][] } {
  const diagErrors: unknown[][] = [];
  const diag = {
    error: (...args: unknown[]) => diagErrors.push(args),
    warn() {},
    info() {},
    debug() {},
    verbose() {},
  } as DiagLogger;
  return {
    telemetry: {
      tracer: trace.getTracer('recorder-test'),
      metrics: new GenAIMetrics(meterProvider.getMeter('recorder-test')),
      diag,
    },
    diagErrors,
  };
}

const REQUEST = { operationName: 'chat', providerName: 'openai', requestModel: 'm' };

async function* chunks(values: number[], failAt?: number): AsyncGenerator<number> {
  for (const [index, value] of values.entries()) {
    if (index === failAt) throw new TypeError('terminated');
    yield value;
  }
}

class CountingAccumulator implements StreamAccumulator<number> {
  seen: number[] = [];
  add(chunk: number): void {
    this.seen.push(chunk);
  }
  result(ending: string) {
    return { finishReasons: [ending === 'completed' ? 'stop' : 'error'] };
  }
}

beforeEach(() => resetTelemetry());

describe('InferenceRecording', () => {
  it('ends exactly once whichever path ends it', async () => {
    const { telemetry: t } = telemetry();
    const recording = InferenceRecording.start(t, REQUEST);
    recording.end();
    recording.endWithError(new Error('late'));
    recording.endUnconsumed();
    expect(finishedSpans()).toHaveLength(1);
    expect(onlySpan().status.code).toBe(SpanStatusCode.UNSET);
    expect((await histogram('gen_ai.client.operation.duration'))[0]?.count).toBe(1);
  });

  it('keeps the span when converting request content throws, and reports to diag', () => {
    const { telemetry: t, diagErrors } = telemetry();
    const recording = InferenceRecording.start(
      t,
      {
        ...REQUEST,
        content: () => {
          throw new Error('unexpected payload');
        },
      },
      { captureContent: true },
    );
    recording.end();
    expect(onlySpan().attributes['gen_ai.input.messages']).toBeUndefined();
    expect(diagErrors).toHaveLength(1);
  });

  it('never converts content when capture is off', () => {
    const { telemetry: t } = telemetry();
    const content = vi.fn(() => ({ inputMessages: [] }));
    InferenceRecording.start(t, { ...REQUEST, content }, { captureContent: false }).end();
    expect(content).not.toHaveBeenCalled();
  });
});

describe('followAsyncIterator', () => {
  it('passes every chunk through unchanged and ends on completion', async () => {
    const { telemetry: t } = telemetry();
    const accumulator = new CountingAccumulator();
    const followed = followAsyncIterator(
      chunks([1, 2, 3]),
      InferenceRecording.start(t, REQUEST),
      accumulator,
    );
    const received: number[] = [];
    for await (const value of followed) received.push(value);
    expect(received).toEqual([1, 2, 3]);
    expect(accumulator.seen).toEqual([1, 2, 3]);
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('ends the span when return() comes before the first next() (a generator would not)', async () => {
    const { telemetry: t } = telemetry();
    const followed = followAsyncIterator(
      chunks([1]),
      InferenceRecording.start(t, REQUEST),
      new CountingAccumulator(),
    );
    await followed.return?.();
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('re-throws a source error unchanged after recording it', async () => {
    const { telemetry: t } = telemetry();
    const followed = followAsyncIterator(
      chunks([1, 2], 1),
      InferenceRecording.start(t, REQUEST),
      new CountingAccumulator(),
    );
    const received: number[] = [];
    await expect(
      (async () => {
        for await (const value of followed) received.push(value);
      })(),
    ).rejects.toThrow(new TypeError('terminated'));
    expect(received).toEqual([1]);
    expect(onlySpan().attributes['error.type']).toBe('TypeError');
  });

  it('keeps delivering chunks when the accumulator throws', async () => {
    const { telemetry: t, diagErrors } = telemetry();
    const broken: StreamAccumulator<number> = {
      add() {
        throw new Error('accumulator bug');
      },
      result: () => ({}),
    };
    const received: number[] = [];
    for await (const value of followAsyncIterator(
      chunks([1, 2, 3]),
      InferenceRecording.start(t, REQUEST),
      broken,
    )) {
      received.push(value);
    }
    expect(received).toEqual([1, 2, 3]);
    expect(finishedSpans()).toHaveLength(1);
    expect(diagErrors).toHaveLength(1);
  });
});

describe('content helpers', () => {
  it('keeps small inline media and elides large base64', () => {
    expect(mediaPartFromUrl('image', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=')).toEqual({
      type: 'blob',
      modality: 'image',
      mime_type: 'image/gif',
      content: 'R0lGODlhAQABAAAAACw=',
    });
    const large = 'A'.repeat(MAX_INLINE_MEDIA_CHARS + 1);
    expect(mediaPartFromUrl('image', `data:image/png;base64,${large}`)).toMatchObject({
      content: `[base64 elided: ${large.length} chars]`,
    });
  });

  it('derives server.address and a default port from base URLs', () => {
    expect(serverAddressFromUrl('https://api.openai.com/v1')).toEqual({
      address: 'api.openai.com',
      port: 443,
    });
    expect(serverAddressFromUrl('http://[::1]:11434/v1')).toEqual({ address: '::1', port: 11434 });
    expect(serverAddressFromUrl('http://localhost/v1')).toEqual({ address: 'localhost', port: 80 });
    expect(serverAddressFromUrl('not a url')).toBeUndefined();
  });
});
