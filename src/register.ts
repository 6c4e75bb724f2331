import { context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  defaultResource,
  detectResources,
  processDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { LogLevelName, RegisterOptions } from './config/register-options';
import { type ResolvedConfig, resolveConfig } from './config/resolve-config';
import { withSavedConfigFromEnv } from './config/saved-config';
import { createContextManager } from './context/context-manager-setup';
import { createThreadTracePipeline, setUpWorkerThreads } from './context/thread-setup';
import { setUpDiag } from './diag-setup';
import { findRegisteredTracerProvider, hasRegisteredMeterProvider } from './existing-providers';
import { installExitHooks, withTimeout } from './exit/exit-hooks';
import { applyCallbackOptions } from './inbound/callback-options';
import { KNOWN_INSTRUMENTATIONS } from './instrumentation-registry';
import { createMetricPipeline } from './metric-pipeline';
import { type GenAIOtelHandle, getProcessState } from './process-state';
import { PACKAGE_VERSION } from './version';

const NOOP_HANDLE: GenAIOtelHandle = {
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * Sets up OpenTelemetry for an LLM application: a tracer provider exporting to OTLP/HTTP or the
 * console tree, GenAI metrics, W3C propagation, async context, and genai-otel's instrumentations.
 * Options win over the standard `OTEL_*` environment variables. Calling it again returns the
 * first registration's handle; `OTEL_SDK_DISABLED=true` makes it a no-op.
 *
 * It never throws: a failure is reported through OpenTelemetry's `diag` and the app goes on
 * untraced.
 *
 * @example
 * ```ts
 * import { register } from 'genai-otel';
 * const otel = register({ serviceName: 'support-bot' });
 * // ... at the end of a serverless invocation:
 * await otel.forceFlush();
 * ```
 */
export function register(explicitOptions: RegisterOptions = {}): GenAIOtelHandle {
  const state = getProcessState();
  if (state.handle) {
    diag.debug('genai-otel: register() called again; keeping the first registration');
    return state.handle;
  }
  try {
    // GENAI_OTEL_CONFIG: a saved configuration under the explicit options; a bad file is reported
    // (once diag is set up) and the app goes on with options and environment only.
    let options = explicitOptions;
    let savedConfigError: unknown;
    try {
      options = withSavedConfigFromEnv(explicitOptions);
    } catch (error) {
      savedConfigError = error;
    }
    setUpDiag(options.logLevel ?? parseLogLevel(process.env.OTEL_LOG_LEVEL) ?? 'warn', options.diagLogger);
    if (savedConfigError !== undefined) {
      diag.error(`${(savedConfigError as Error).message}; the file is ignored`);
    }
    const config = resolveConfig(options);
    state.config = config;
    if (config.disabled) {
      diag.info('genai-otel: OTEL_SDK_DISABLED is true; nothing is registered');
      state.handle = NOOP_HANDLE;
      return state.handle;
    }
    applyCallbackOptions(options);
    state.handle = startPipelines(config, options);
    return state.handle;
  } catch (error) {
    diag.error('genai-otel: setup failed; the app runs without tracing', error);
    state.handle = NOOP_HANDLE;
    return state.handle;
  }
}

function startPipelines(config: ResolvedConfig, options: RegisterOptions): GenAIOtelHandle {
  const resource = buildResource(config);
  const flushes: Array<() => Promise<void>> = [];
  const shutdowns: Array<() => Promise<void>> = [];
  const exitSafeExporters: Array<{ beginExitFlush(): void; finishExitFlush(): void }> = [];
  let handOverQueuedSpans = () => {};
  let endOpenSpans = () => {};
  let endedCount = () => 0;

  const existingTracerProvider = findRegisteredTracerProvider();
  if (existingTracerProvider) {
    diag.info(
      `genai-otel: a tracer provider is already registered (${existingTracerProvider.constructor.name}); ` +
        'genai-otel adds its instrumentations and leaves exporting to that setup',
    );
    setUpWorkerThreads(config, undefined, resource);
  } else {
    // In a worker: forwards to the main thread's exporters; see docs/context.md.
    const pipeline = createThreadTracePipeline(config, options, resource);
    // AsyncLocalStorage, starting from the context a parent thread or process handed over.
    context.setGlobalContextManager(createContextManager());
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    trace.setGlobalTracerProvider(pipeline.provider);
    setUpWorkerThreads(config, pipeline.exportingProcessors, resource);
    flushes.push(() => pipeline.provider.forceFlush());
    shutdowns.push(() => pipeline.provider.shutdown().finally(() => pipeline.spanLoss.flushReport()));
    exitSafeExporters.push(...pipeline.exitSafeExporters);
    handOverQueuedSpans = () => pipeline.handOverQueuedSpans();
    endOpenSpans = () => pipeline.openSpans.endOpenSpans();
    endedCount = () => pipeline.openSpans.endedCount;
  }

  if (hasRegisteredMeterProvider()) {
    diag.info('genai-otel: a meter provider is already registered; GenAI metrics go to it');
  } else {
    const pipeline = createMetricPipeline(config, options, resource);
    if (pipeline) {
      metrics.setGlobalMeterProvider(pipeline.provider);
      exitSafeExporters.push(...pipeline.exitSafeExporters);
      flushes.push(() => pipeline.provider.forceFlush());
      shutdowns.push(() => pipeline.provider.shutdown());
    }
  }

  const disableInstrumentations = registerInstrumentations({
    instrumentations: [...selectInstrumentations(config), ...(options.instrumentations ?? [])],
  });

  let lastFlushedEndCount = -1;
  const forceFlush = async () => {
    // After shutdown() nothing is left to flush; waiting on the exporters again could take their
    // whole timeout while the backend hangs.
    if (shutdownPromise) return shutdownPromise;
    lastFlushedEndCount = endedCount();
    await Promise.all(
      flushes.map((flush) => flush().catch((error) => diag.error('genai-otel: flush failed', error))),
    );
  };
  const uninstallExitHooks = config.flushOnExit
    ? installExitHooks({
        hasUnflushedWork: () => endedCount() !== lastFlushedEndCount,
        flush: forceFlush,
        endOpenSpans,
        handOverQueuedSpans,
        beginExitFlush: () => {
          for (const exporter of exitSafeExporters) exporter.beginExitFlush();
        },
        finishExitFlush: () => {
          for (const exporter of exitSafeExporters) exporter.finishExitFlush();
        },
        timeoutMillis: config.exitFlushTimeoutMillis,
      })
    : () => {};

  let shutdownPromise: Promise<void> | undefined;
  return {
    forceFlush,
    shutdown() {
      shutdownPromise ??= (async () => {
        uninstallExitHooks();
        disableInstrumentations();
        await withTimeout(
          Promise.all(shutdowns.map((shutdown) => shutdown())),
          config.exitFlushTimeoutMillis,
        );
      })();
      return shutdownPromise;
    },
  };
}

function buildResource(config: ResolvedConfig): Resource {
  return defaultResource()
    .merge(detectResources({ detectors: [processDetector] }))
    .merge(
      resourceFromAttributes({
        'telemetry.distro.name': 'genai-otel',
        'telemetry.distro.version': PACKAGE_VERSION,
        ...config.resourceAttributes,
        ...(config.serviceName ? { [ATTR_SERVICE_NAME]: config.serviceName } : {}),
      }),
    );
}

function selectInstrumentations(config: ResolvedConfig): Instrumentation[] {
  const known = new Set(KNOWN_INSTRUMENTATIONS.map((entry) => entry.name));
  for (const name of [...(config.enabledInstrumentations ?? []), ...config.disabledInstrumentations]) {
    if (!known.has(name)) {
      diag.warn(`genai-otel: unknown instrumentation "${name}"; known: ${[...known].join(', ') || 'none'}`);
    }
  }
  const selected: Instrumentation[] = [];
  for (const entry of KNOWN_INSTRUMENTATIONS) {
    const enabled = config.enabledInstrumentations?.includes(entry.name) ?? true;
    if (!enabled || config.disabledInstrumentations.includes(entry.name)) continue;
    try {
      selected.push(entry.create());
    } catch (error) {
      diag.error(`genai-otel: could not create the ${entry.name} instrumentation`, error);
    }
  }
  return selected;
}

function parseLogLevel(value: string | undefined): LogLevelName | undefined {
  const level = value?.trim().toLowerCase();
  const known: LogLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
  return known.find((name) => name === level);
}
