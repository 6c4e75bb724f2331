import type { Resource } from '@opentelemetry/resources';
import type { MetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { RegisterOptions } from './config/register-options';
import type { OtlpSignalConfig, ResolvedConfig } from './config/resolve-config';
import {
  createExitCollectableMetricReader,
  type ExitCollectableMetricReader,
} from './exit/exit-collectable-metric-reader';
import type { ExitFlushable } from './exit/exit-flushable';
import { ExitSafeMetricExporter } from './exit/exit-safe-metric-exporter';
import { createOtlpMetricExporter } from './exporters/otlp-exporters';
import { viewerOtlpConfigs } from './exporters/viewer-endpoint';
import { LazyMeterProvider } from './lazy-meter-provider';

export interface MetricPipeline extends ExitFlushable {
  readonly signal: 'metrics';
  /** Builds the SDK's MeterProvider, with its readers and exporters, at the first getMeter(). */
  provider: LazyMeterProvider;
  /** The exit-safe OTLP exporters, once the provider is built (none before: nothing to flush). */
  readonly exitSafeExporters: readonly ExitSafeMetricExporter[];
  /**
   * Collects and exports every reader of ours synchronously, for the `exit` event (readers the app
   * passed in `metricReaders` cannot be collected without the event loop).
   */
  handOverSynchronously(): void;
}

/**
 * The meter provider, or nothing when no metric exporter or reader is configured. Decided from the
 * configuration alone; the metrics SDK loads with the first meter (see LazyMeterProvider).
 */
export function createMetricPipeline(
  config: ResolvedConfig,
  options: RegisterOptions,
  resource: Resource,
): MetricPipeline | undefined {
  const viewerConfigs = viewerOtlpConfigs(config.metrics.otlp, 'metrics');
  const hasReaders =
    config.metrics.exporters.some((name) => name === 'otlp' || name === 'console') ||
    viewerConfigs.length > 0 ||
    (options.pushMetricExporters ?? []).length > 0 ||
    (options.metricReaders ?? []).length > 0;
  if (!hasReaders) return undefined;
  let built: BuiltMetricPipeline | undefined;
  const provider = new LazyMeterProvider(() => {
    built = buildMetricPipeline(config, options, resource, viewerConfigs);
    return built.provider;
  });
  // The app's own readers expect to be bound to a provider once register() returns (and it has
  // loaded the metrics SDK already).
  if ((options.metricReaders ?? []).length > 0) provider.sdkProvider();
  return {
    signal: 'metrics',
    provider,
    get exitSafeExporters() {
      return built?.exitSafeExporters ?? [];
    },
    handOverSynchronously() {
      for (const reader of built?.ownReaders ?? []) reader.exportSynchronously();
    },
  };
}

interface BuiltMetricPipeline {
  provider: import('@opentelemetry/sdk-metrics').MeterProvider;
  exitSafeExporters: ExitSafeMetricExporter[];
  ownReaders: ExitCollectableMetricReader[];
}

function buildMetricPipeline(
  config: ResolvedConfig,
  options: RegisterOptions,
  resource: Resource,
  viewerConfigs: readonly OtlpSignalConfig[],
): BuiltMetricPipeline {
  const { ConsoleMetricExporter, MeterProvider } =
    require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  const exporters: PushMetricExporter[] = [...(options.pushMetricExporters ?? [])];
  const exitSafeExporters: ExitSafeMetricExporter[] = [];
  const addOtlp = (otlp: OtlpSignalConfig) => {
    const exporter = new ExitSafeMetricExporter(
      () => createOtlpMetricExporter(otlp),
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
  for (const otlp of viewerConfigs) addOtlp(otlp);
  const ownReaders = exporters.map((exporter) =>
    createExitCollectableMetricReader({
      exporter,
      exportIntervalMillis: config.metrics.exportIntervalMillis,
      exportTimeoutMillis: Math.min(config.metrics.exportTimeoutMillis, config.metrics.exportIntervalMillis),
    }),
  );
  const readers: MetricReader[] = [...ownReaders, ...(options.metricReaders ?? [])];
  return { provider: new MeterProvider({ resource, readers }), exitSafeExporters, ownReaders };
}
