import type { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { RegisterOptions } from './config/register-options';
import type { ResolvedConfig } from './config/resolve-config';
import { createSampler } from './config/sampler-spec';
import { ExitSafeSpanExporter } from './exit/exit-safe-span-exporter';
import { OpenSpanTracker } from './exit/open-span-tracker';
import { ConsoleTreeExporter } from './exporters/console-tree-exporter';
import { createOtlpSpanExporter } from './exporters/otlp-exporters';
import { TraceAttributesSpanProcessor } from './tracing/trace-attributes-processor';

/** The tracer provider genai-otel builds, with the handles the exit path needs. */
export interface TracePipeline {
  provider: TracerProvider;
  openSpans: OpenSpanTracker;
  /** OTLP exporters that can switch to blocking sends while the process ends. */
  exitSafeExporters: ExitSafeSpanExporter[];
  /**
   * Hands every queued span to the exporters without waiting for the event loop, for the `exit`
   * event, where no further loop turn comes.
   */
  handOverQueuedSpans(): void;
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
  const batch = (exporter: ConstructorParameters<typeof BatchSpanProcessor>[0]['exporter']) => {
    const processor = new BatchSpanProcessor({ exporter, ...config.traces.batch });
    batchProcessors.push(processor);
    return processor;
  };

  for (const name of config.traces.exporters) {
    if (name === 'otlp') {
      const exporter = new ExitSafeSpanExporter(
        createOtlpSpanExporter(config.traces.otlp),
        config.traces.otlp,
        config.exitFlushTimeoutMillis,
      );
      exitSafeExporters.push(exporter);
      exporting.push(batch(exporter));
    } else if (name === 'console') {
      // The console tree groups spans per trace itself; printing needs no batching delay.
      const exporter = new ConsoleTreeExporter();
      consoleExporters.push(exporter);
      exporting.push(new SimpleSpanProcessor({ exporter }));
    }
  }
  for (const exporter of options.spanExporters ?? []) exporting.push(batch(exporter));

  const provider = new TracerProvider({
    resource,
    sampler: options.sampler ?? createSampler(config.traces.sampler),
    // Trace-wide attributes go on first, so every later processor and exporter sees them.
    spanProcessors: [
      new TraceAttributesSpanProcessor(),
      openSpans,
      ...(options.spanProcessors ?? []),
      ...exporting,
    ],
  });

  return {
    provider,
    openSpans,
    exitSafeExporters,
    handOverQueuedSpans() {
      // BatchSpanProcessor hands its whole queue to the exporter synchronously inside forceFlush().
      for (const processor of batchProcessors) void processor.forceFlush().catch(() => {});
      for (const exporter of consoleExporters) void exporter.forceFlush();
    },
  };
}
