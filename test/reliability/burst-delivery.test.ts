import { metrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { createTracePipeline, type TracePipeline } from '../../src/trace-pipeline';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { captureDiag, reportFigure } from './support/diag-capture';
import { OnDemandMetricReader } from './support/on-demand-metric-reader';

/**
 * A burst: thousands of spans ended within a few milliseconds (a fan-out of tool calls, a batch
 * job). The stock batch processor keeps 2,048 and drops the rest with a debug line; our defaults
 * must deliver 10,000 in full to a real OTLP/HTTP receiver, and count and report any loss.
 */
let receiver: OtlpReceiver;
let pipeline: TracePipeline | undefined;
const diagLog = captureDiag();

beforeEach(async () => {
  receiver = await startOtlpReceiver();
  diagLog.clear();
});
afterEach(async () => {
  await pipeline?.provider.shutdown();
  pipeline = undefined;
  await receiver.close();
});

function pipelineFor(env: Record<string, string>): TracePipeline {
  const config = resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...env });
  pipeline = createTracePipeline(config, {}, resourceFromAttributes({ 'service.name': 'burst' }));
  return pipeline;
}

function endBurst(pipeline: TracePipeline, count: number): void {
  const tracer = pipeline.provider.getTracer('burst');
  for (let index = 0; index < count; index++) {
    tracer.startSpan(`execute_tool fan_out_${index % 16}`, { attributes: { index } }).end();
  }
}

it('delivers a burst of 10,000 spans in full with the default settings', async () => {
  const defaults = pipelineFor({});
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  endBurst(defaults, 10_000);
  const burstMillis = performance.now() - started;
  const heapQueued = process.memoryUsage().heapUsed - heapBefore;
  await defaults.provider.forceFlush();

  await receiver.waitForSpans(10_000, 30_000);
  expect(receiver.spans).toHaveLength(10_000);
  expect(new Set(receiver.spans.map((span) => span.attributes.index)).size).toBe(10_000);
  expect(defaults.spanLoss.dropped).toBe(0);
  expect(defaults.spanLoss.counts.exported).toBe(10_000);
  expect(diagLog.messages.filter((message) => message.level === 'warn' || message.level === 'error')).toEqual(
    [],
  );
  reportFigure('burst 10000 spans ended in ms', burstMillis.toFixed(1));
  reportFigure('burst heap held by the queue (MB, approx.)', (heapQueued / 1e6).toFixed(1));
});

it("delivers a burst that fills the whole default queue, more batches than the exporter's stock 30 concurrent requests", async () => {
  const defaults = pipelineFor({});
  const queueSize = 16_384; // the default: 32 batches of 512 on one forceFlush
  endBurst(defaults, queueSize);
  await defaults.provider.forceFlush();

  await receiver.waitForSpans(queueSize, 30_000);
  expect(receiver.spans).toHaveLength(queueSize);
  expect(defaults.spanLoss.dropped).toBe(0);
});

it('counts the spans a too-small queue drops (the stock 2,048) and reports them via diag and a metric', async () => {
  const reader = new OnDemandMetricReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  const stock = pipelineFor({ OTEL_BSP_MAX_QUEUE_SIZE: '2048' });
  endBurst(stock, 10_000);
  await stock.provider.forceFlush();

  const delivered = receiver.spans.length;
  const dropped = 10_000 - delivered;
  expect(delivered).toBeLessThan(10_000);
  expect(stock.spanLoss.counts.droppedQueueFull).toBe(dropped);

  // The report comes by itself, a second after the first loss, as one line for the whole burst.
  await expect
    .poll(() => diagLog.messages.find((m) => m.text.includes('spans were not delivered')), {
      timeout: 10_000,
    })
    .toMatchObject({ level: 'warn', text: expect.stringContaining(`queue full: ${dropped}`) });

  const points = await reader.counterPoints('otel.sdk.processor.span.processed');
  const queueFull = points.find((point) => point.attributes['error.type'] === 'queue_full');
  expect(queueFull?.value).toBe(dropped);
  reportFigure('burst 10000 spans with the stock 2048 queue: delivered', delivered);
});
