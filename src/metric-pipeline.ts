import type { Resource } from '@opentelemetry/resources';
import {
  ConsoleMetricExporter,
  MeterProvider,
  type MetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { RegisterOptions } from './config/register-options';
import type { OtlpSignalConfig, ResolvedConfig } from './config/resolve-config';
import { ExitCollectableMetricReader } from './exit/exit-collectable-metric-reader';
import type { ExitFlushable } from './exit/exit-flushable';
import { ExitSafeMetricExporter } from './exit/exit-safe-metric-exporter';
import { createOtlpMetricExporter } from './exporters/otlp-exporters';
import { viewerOtlpConfigs } from './exporters/viewer-endpoint';

export interface MetricPipeline extends ExitFlushable {
  readonly signal: 'metrics';
  provider: MeterProvider;
  exitSafeExporters: ExitSafeMetricExporter[];
  /**
   * Collects and exports every reader of ours synchronously, for the `exit` event (readers the app
   * passed in `metricReaders` cannot be collected without the event loop).
   */
  handOverSynchronously(): void;
}

/** Builds the meter provider, or nothing when no metric exporter or reader is configured. */
export function createMetricPipeline(
  config: ResolvedConfig,
  options: RegisterOptions,
  resource: Resource,
): MetricPipeline | undefined {
  const exporters: PushMetricExporter[] = [...(options.pushMetricExporters ?? [])];
  const exitSafeExporters: ExitSafeMetricExporter[] = [];
  const addOtlp = (otlp: OtlpSignalConfig) => {
    const exporter = new ExitSafeMetricExporter(
      createOtlpMetricExporter(otlp),
      otlp,
      config.exitFlushTimeoutMillis,
    );
    exitSafeExporters.push(exporter);
    exporters.push(exporter);
  };
  for (const name of config.metrics.exporters) {
    if (name === 'otlp') {
      addOtlp(config.metrics.otlp);
    } else if (name === 'console') {
      exporters.push(new ConsoleMetricExporter());
    }
  }
  for (const otlp of viewerOtlpConfigs(config.metrics.otlp, 'metrics')) addOtlp(otlp);
  const ownReaders = exporters.map(
    (exporter) =>
      new ExitCollectableMetricReader({
        exporter,
        exportIntervalMillis: config.metrics.exportIntervalMillis,
        exportTimeoutMillis: Math.min(
          config.metrics.exportTimeoutMillis,
          config.metrics.exportIntervalMillis,
        ),
      }),
  );
  const readers: MetricReader[] = [...ownReaders, ...(options.metricReaders ?? [])];
  if (readers.length === 0) return undefined;
  return {
    signal: 'metrics',
    provider: new MeterProvider({ resource, readers }),
    exitSafeExporters,
    handOverSynchronously() {
      for (const reader of ownReaders) reader.exportSynchronously();
    },
  };
}
