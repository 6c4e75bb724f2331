import type { Attributes } from '@opentelemetry/api';
import { DataPointType, type HistogramMetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTR_GENAI_OTEL_COST_USD } from '../../src/genai/semconv';
import { EventSourceBridge } from '../../src/inbound/event-source-bridge';
import { withEmbeddings } from '../../src/tracing/genai-helpers';
import { useInstrumentedOpenAI } from '../openai/support/instrumented-openai';
import { meterProvider, metricReader, reset, spanNamed } from '../support/event-harness';
import { chatCompletion } from '../support/openai-wire-server';

const { instrumentation, server, client } = useInstrumentedOpenAI({ maxRetries: 0 });
instrumentation.setMeterProvider(meterProvider);

interface Point {
  metric: string;
  attributes: Attributes;
  /** Histogram: number of recordings; counter: the sum. */
  value: number;
}

/** Every GenAI metric point recorded for calls of `requestModel`. */
async function pointsFor(requestModel: string): Promise<Point[]> {
  const { resourceMetrics } = await metricReader.collect();
  const points: Point[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const name = metric.descriptor.name;
      if (metric.dataPointType === DataPointType.HISTOGRAM) {
        for (const point of (metric as HistogramMetricData).dataPoints) {
          points.push({ metric: name, attributes: point.attributes, value: point.value.count });
        }
      } else if (metric.dataPointType === DataPointType.SUM) {
        for (const point of (metric as SumMetricData).dataPoints) {
          points.push({ metric: name, attributes: point.attributes, value: point.value as number });
        }
      }
    }
  }
  return points.filter((point) => point.attributes['gen_ai.request.model'] === requestModel);
}

/** What a user charts: metric name and token type → recordings (for the cost counter: dollars). */
function metricSet(points: Point[]): Record<string, number> {
  const set: Record<string, number> = {};
  for (const point of points) {
    const type = point.attributes['gen_ai.token.type'];
    const key = typeof type === 'string' ? `${point.metric} ${type}` : point.metric;
    set[key] = (set[key] ?? 0) + point.value;
  }
  return set;
}

let bridge: EventSourceBridge;
beforeEach(() => {
  reset();
  bridge = new EventSourceBridge({ provider: 'openai' });
});
afterEach(() => bridge.closeAll());

describe('one recorder for every model call', () => {
  it('a bridged model call and an SDK call record the same metric set, each priced once', async () => {
    // 1,000 input and 100 output tokens of gpt-4o-mini: $0.15 / $0.60 per million.
    const expectedCost = (1000 * 0.15 + 100 * 0.6) / 1e6;
    server.enqueue('POST /v1/chat/completions', {
      kind: 'json',
      body: chatCompletion({ model: 'gpt-4o-mini-2024-07-18', usage: { prompt: 1000, completion: 100 } }),
    });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });

    bridge.startEvent('llm', { serialized: { model: 'gpt-4o' } }, 'l1', 'root');
    bridge.endEvent(
      'llm',
      {
        response: {
          raw: { model: 'gpt-4o-2024-08-06', usage: { prompt_tokens: 1000, completion_tokens: 100 } },
        },
      },
      'l1',
    );

    const sdk = metricSet(await pointsFor('gpt-4o-mini'));
    const bridged = metricSet(await pointsFor('gpt-4o'));
    expect(Object.keys(bridged).sort()).toEqual([
      'gen_ai.client.operation.duration',
      'gen_ai.client.token.usage input',
      'gen_ai.client.token.usage output',
      'genai_otel.client.cost',
    ]);
    expect(Object.keys(sdk).sort()).toEqual(Object.keys(bridged).sort());
    for (const set of [sdk, bridged]) {
      expect(set['gen_ai.client.operation.duration']).toBe(1);
      expect(set['gen_ai.client.token.usage input']).toBe(1);
      expect(set['gen_ai.client.token.usage output']).toBe(1);
    }
    // Counted once: the counter holds exactly the span's cost, not twice it.
    expect(sdk['genai_otel.client.cost']).toBeCloseTo(expectedCost, 12);
    const bridgedSpan = spanNamed('chat gpt-4o');
    expect(bridged['genai_otel.client.cost']).toBeCloseTo(
      bridgedSpan.attributes[ATTR_GENAI_OTEL_COST_USD] as number,
      15,
    );
    expect(bridgedSpan.attributes['gen_ai.usage.input_tokens']).toBe(1000);
  });

  it('withEmbeddings records the operation duration like an instrumented embeddings call', async () => {
    await withEmbeddings({ provider: 'openai', model: 'text-embedding-3-small' }, () => [[0.1, 0.2, 0.3]]);
    const points = await pointsFor('text-embedding-3-small');
    expect(metricSet(points)).toEqual({ 'gen_ai.client.operation.duration': 1 });
    expect(points[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
    });
    expect(
      spanNamed('embeddings text-embedding-3-small').attributes['gen_ai.embeddings.dimension.count'],
    ).toBe(3);
  });
});
