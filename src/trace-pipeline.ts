import type { Resource } from '@opentelemetry/resources';
import {
  type BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { RegisterOptions } from './config/register-options';
import type { OtlpSignalConfig, ResolvedConfig } from './config/resolve-config';
import { createSampler } from './config/sampler-spec';
import { SpanLossReporter } from './delivery/span-loss-reporter';
import { GenAIEventSpanProcessor } from './events/event-span-processor';
import type { ExitFlushable } from './exit/exit-flushable';
import { ExitSafeSpanExporter } from './exit/exit-safe-span-exporter';
import { OpenSpanTracker } from './exit/open-span-tracker';
import { BackgroundBatchSpanProcessor } from './exporters/background-batch-span-processor';
import { ConsoleTreeExporter } from './exporters/console-tree-exporter';
import { createOtlpSpanExporter } from './exporters/otlp-exporters';
import { viewerOtlpConfigs } from './exporters/viewer-endpoint';
import { RedactingSpanProcessor } from './redaction/redacting-span-processor';
import { resolveRedaction } from './redaction/resolve-redaction';
import { TraceAttributesSpanProcessor } from './tracing/trace-attributes-processor';

/** The tracer provider genai-otel builds, with the handles the exit path needs. */
export interface TracePipeline extends ExitFlushable {
  readonly signal: 'traces';
  provider: TracerProvider;
  openSpans: OpenSpanTracker;
  /** OTLP exporters that can switch to blocking sends while the process ends. */
  exitSafeExporters: ExitSafeSpanExporter[];
  /**
   * Hands every queued span to the exporters without waiting for the event loop, for the `exit`
   * event, where no further loop turn comes.
   */
  handOverSynchronously(): void;
  /** Counts (and reports through `diag` and a metric) the spans the batch processors lose. */
  spanLoss: SpanLossReporter;
  /**
   * The processors a span ended elsewhere (in a worker thread) still has to pass here: the
   * open-span tracker and the exporting ones.
   */
  exportingProcessors: SpanProcessor[];
}

export function createTracePipeline(
  config: ResolvedConfig,
  options: RegisterOptions,
  resource: Resource,
): TracePipeline {
  const openSpans = new OpenSpanTracker();
  const batchProcessors: BatchSpanProcessor[] = [];
  const exitSafeExporters: ExitSafeSpanExporter[] = [];
  const consoleExporters: ConsoleTreeExporter[] = [];
  const exporting: SpanProcessor[] = [];
  const spanLoss = new SpanLossReporter();
  const batch = (exporter: ConstructorParameters<typeof BatchSpanProcessor>[0]['exporter']) => {
    const processor = new BackgroundBatchSpanProcessor({
      exporter,
      ...config.traces.batch,
      selfObsMeterProvider: spanLoss.meterProvider,
    });
    batchProcessors.push(processor);
    return processor;
  };

  const addOtlp = (otlp: OtlpSignalConfig) => {
    const exporter = new ExitSafeSpanExporter(
      () => createOtlpSpanExporter(otlp, concurrentExportsFor(config.traces.batch)),
      otlp,
      config.exitFlushTimeoutMillis,
    );
    exitSafeExporters.push(exporter);
    exporting.push(batch(exporter));
  };
  for (const name of config.traces.exporters) {
    if (name === 'otlp') {
      addOtlp(config.traces.otlp);
    } else if (name === 'console') {
      // The console tree groups spans per trace itself; printing needs no batching delay.
      const exporter = new ConsoleTreeExporter({ isSpanOpenHere: (spanId) => openSpans.isOpen(spanId) });
      consoleExporters.push(exporter);
      exporting.push(new SimpleSpanProcessor({ exporter }));
    }
  }
  for (const otlp of viewerOtlpConfigs(config.traces.otlp, 'traces')) addOtlp(otlp);
  for (const exporter of options.spanExporters ?? []) exporting.push(batch(exporter));

  const provider = new TracerProvider({
    resource,
    sampler: createSampler(config.traces.sampler),
    // Trace-wide attributes go on first, so every later processor and exporter sees them.
    spanProcessors: [
      new TraceAttributesSpanProcessor(),
      // Before every processor the user or another issue adds, so none of them sees unscrubbed content.
      ...(options.redaction === false
        ? []
        : [new RedactingSpanProcessor(resolveRedaction(options.redaction))]),
      openSpans,
      // Events, cost of bridged calls and run totals: after redaction, so events carry scrubbed content.
      new GenAIEventSpanProcessor(),
      ...(options.spanProcessors ?? []),
      ...exporting,
    ],
  });

  return {
    signal: 'traces',
    provider,
    openSpans,
    exitSafeExporters,
    spanLoss,
    exportingProcessors: [openSpans, ...exporting],
    handOverSynchronously() {
      // BatchSpanProcessor hands its whole queue to the exporter synchronously inside forceFlush().
      for (const processor of batchProcessors) void processor.forceFlush().catch(() => {});
      for (const exporter of consoleExporters) void exporter.forceFlush();
    },
  };
}

/**
 * The exporter's stock 30 requests under way, plus one flush of a full queue (32 batches with our
 * defaults, more than the stock limit alone allows). Memory stays bounded: each request holds at
 * most one batch, and only until the export timeout.
 */
function concurrentExportsFor(batch: ResolvedConfig['traces']['batch']): number {
  const batchesInFullQueue = Math.ceil(batch.maxQueueSize / Math.max(1, batch.maxExportBatchSize));
  return 30 + batchesInFullQueue;
}
