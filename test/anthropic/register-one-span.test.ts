import { DataPointType, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getSharedAnthropicInstrumentation } from '../../instrumentations/anthropic';
import { instrumentAnthropic } from '../../src';
import type { GenAIOtelHandle } from '../../src/process-state';
import { register } from '../../src/register';
import type { AnthropicWireServer } from '../support/anthropic-wire-server';
import { anthropicMessage, messageEvents, startAnthropicWireServer } from '../support/anthropic-wire-server';
import { OnDemandMetricReader } from '../support/on-demand-metric-reader';
import { clientFor, requireFromRoot, type SdkLine } from './support/anthropic-clients';

/**
 * What a user of `register()` sees: exactly one `chat {model}` span per model call and one set of
 * token metrics, on the SDK line that makes its own spans (1.x, which takes the global tracer
 * provider register() installs) and on one that does not (0.133).
 */
const memory = new InMemorySpanExporter();
const metricReader = new OnDemandMetricReader();
let handle: GenAIOtelHandle;
let server: AnthropicWireServer;

beforeAll(async () => {
  server = await startAnthropicWireServer();
  handle = register({
    diagLogger: false,
    flushOnExit: false,
    traceExporters: ['none'],
    metricExporters: ['none'],
    spanExporters: [memory],
    metricReaders: [metricReader],
    // Under vitest the registry cannot require the compiled instrumentation; the same shared
    // instance register() would create is handed in (as test/reliability does for OpenAI).
    enabledInstrumentations: [],
    instrumentations: [getSharedAnthropicInstrumentation()],
  });
  // After register(): the require hook patches 1.x; 0.133 is aliased, so it is instrumented by hand.
  requireFromRoot('@anthropic-ai/sdk');
  instrumentAnthropic(requireFromRoot('anthropic-sdk-v0'));
});
afterAll(async () => {
  await handle.shutdown();
  await server.close();
});

it.each<SdkLine>(['v1', 'v0'])(
  'SDK %s: one span and one metric set per call, create, stream and stream()',
  async (line) => {
    memory.reset();
    const before = await tokenUsageCounts();
    const client = clientFor('anthropic', line, server, { maxRetries: 0 });
    const request = {
      model: 'claude-opus-4-1-20250805',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hi' }],
    };
    server.enqueue(
      { kind: 'message', body: anthropicMessage({ model: request.model }) },
      { kind: 'events', events: messageEvents({ model: request.model }) },
      { kind: 'events', events: messageEvents({ model: request.model }) },
    );
    await client.messages.create(request);
    for await (const _ of await client.messages.create({ ...request, stream: true }));
    await client.messages.stream(request).finalMessage();
    await handle.forceFlush();

    const spans = memory.getFinishedSpans();
    expect(spans.map((span) => [span.name, span.instrumentationScope.name])).toEqual(
      Array(3).fill([`chat ${request.model}`, 'genai-otel/instrumentation-anthropic']),
    );
    const after = await tokenUsageCounts();
    expect(after.input - before.input).toBe(3);
    expect(after.output - before.output).toBe(3);
  },
);

/** How many values the token-usage histogram has recorded, by token type. */
async function tokenUsageCounts(): Promise<{ input: number; output: number }> {
  const counts = { input: 0, output: 0 };
  const { resourceMetrics } = await metricReader.collect();
  for (const scope of resourceMetrics.scopeMetrics)
    for (const metric of scope.metrics) {
      if (
        metric.descriptor.name !== 'gen_ai.client.token.usage' ||
        metric.dataPointType !== DataPointType.HISTOGRAM
      )
        continue;
      for (const point of (metric as HistogramMetricData).dataPoints) {
        const type = point.attributes['gen_ai.token.type'] as 'input' | 'output';
        counts[type] += point.value.count;
      }
    }
  return counts;
}
