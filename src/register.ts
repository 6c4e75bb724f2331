import { isMainThread } from 'node:worker_threads';
import { context, diag, type MeterProvider, metrics, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import {
  defaultResource,
  detectResources,
  processDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { parseContentCaptureMode } from './config/content-capture';
import { defaultServiceName } from './config/default-service-name';
import type { LogLevelName, RegisterOptions } from './config/register-options';
import { type ResolvedConfig, resolveConfig } from './config/resolve-config';
import { withSavedConfigFromEnv } from './config/saved-config';
import { resolveContentLimits } from './content/content-limits';
import { contentOffloadFrom, setContentOffload } from './content/content-offload';
import { createContextManager } from './context/context-manager-setup';
import { createThreadTracePipeline, setUpWorkerThreads } from './context/thread-setup';
import { DeferredInstrumentation } from './deferred-instrumentation';
import { setUpDiag } from './diag-setup';
import { NOOP_HANDLE } from './disabled-registration';
import { findRegisteredTracerProvider, hasRegisteredMeterProvider } from './existing-providers';
import type { ExitFlushable } from './exit/exit-flushable';
import { installExitHooks, withTimeout } from './exit/exit-hooks';
import { wasReported } from './exporters/export-failure';
import { installOneLineErrorHandler, oneLine } from './exporters/one-line-error-handler';
import { type InstrumentationEntry, KNOWN_INSTRUMENTATIONS } from './instrumentation-registry';
import { startLogPipeline } from './log-pipeline';
import { createMetricPipeline } from './metric-pipeline';
import { type GenAIOtelHandle, getProcessState, type SetupRecord } from './process-state';
import { type CallingModule, findCallingModule } from './setup-check/calling-module';
import { type EarlyLoadedModule, findEarlyLoadedModules } from './setup-check/early-loaded-modules';
import { reportLateOptions } from './setup-check/late-options';
import {
  type ActiveInstrumentation,
  type LoadedBy,
  patchAndReportEarlyLoads,
  warnIfEsmImportsUnpatched,
  warnIfRequireFlagOnEsmApp,
} from './setup-check/load-order-check';
import { PACKAGE_VERSION } from './version';

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
  return registerFrom(
    { loadedBy: 'code', esmHooks: false, caller: safely(() => findCallingModule()) },
    explicitOptions,
  );
}

/**
 * The register entries' way in (`--require` / `--import genai-otel/register`): configured by the
 * environment only, and remembered as such so that a later `register(options)` can say what it
 * could not apply. Internal.
 */
export function registerFromEntry(entry: 'require-flag' | 'import-flag', esmHooks: boolean): GenAIOtelHandle {
  const handle = registerFrom({ loadedBy: entry, esmHooks, caller: undefined }, {});
  if (entry === 'require-flag' && isMainThread) {
    safely(() => warnIfRequireFlagOnEsmApp(getProcessState().setup?.instrumentations ?? []));
  }
  return handle;
}

interface RegisterOrigin {
  loadedBy: LoadedBy;
  esmHooks: boolean;
  caller: CallingModule | undefined;
}

function registerFrom(origin: RegisterOrigin, explicitOptions: RegisterOptions): GenAIOtelHandle {
  const state = getProcessState();
  if (state.handle) {
    diag.debug('genai-otel: register() called again; keeping the first registration');
    safely(() => applyLateOptions(explicitOptions));
    return state.handle;
  }
  state.setup = {
    loadedBy: origin.loadedBy,
    esmHooks: origin.esmHooks,
    calledFrom: origin.caller?.file,
    instrumentations: [],
    earlyLoaded: [],
    unpatchedEarly: [],
    time: Date.now(),
  };
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
    applyCallbackOptionsIfAny(options);
    state.handle = startPipelines(config, options, origin, state.setup);
    return state.handle;
  } catch (error) {
    diag.error(`genai-otel: setup failed (${oneLine(error)}); the app runs without tracing`);
    state.handle = NOOP_HANDLE;
    return state.handle;
  }
}

function startPipelines(
  config: ResolvedConfig,
  options: RegisterOptions,
  origin: RegisterOrigin,
  setup: SetupRecord,
): GenAIOtelHandle {
  const resource = buildResource(config);
  const flushes: Array<() => Promise<void>> = [];
  const shutdowns: Array<() => Promise<void>> = [];
  // Every pipeline built here (traces, metrics, logs, in that order), flushed on every exit path.
  const exitFlushables: ExitFlushable[] = [];
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
    installOneLineErrorHandler();
    // In a worker: forwards to the main thread's exporters; see docs/context.md.
    const pipeline = createThreadTracePipeline(
      config,
      withInstrumentationSpanProcessors(config, options),
      resource,
    );
    // AsyncLocalStorage, starting from the context a parent thread or process handed over.
    context.setGlobalContextManager(createContextManager());
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    trace.setGlobalTracerProvider(pipeline.provider);
    setUpWorkerThreads(config, pipeline.exportingProcessors, resource);
    flushes.push(() => pipeline.provider.forceFlush());
    shutdowns.push(() => pipeline.provider.shutdown().finally(() => pipeline.spanLoss.flushReport()));
    exitFlushables.push(pipeline);
    endOpenSpans = () => pipeline.openSpans.endOpenSpans();
    endedCount = () => pipeline.openSpans.endedCount;
  }

  let systemMetricsProvider: MeterProvider | undefined;
  if (hasRegisteredMeterProvider()) {
    diag.info('genai-otel: a meter provider is already registered; GenAI metrics go to it');
    systemMetricsProvider = metrics.getMeterProvider();
  } else {
    const pipeline = createMetricPipeline(config, options, resource);
    systemMetricsProvider = pipeline?.provider;
    if (pipeline) {
      metrics.setGlobalMeterProvider(pipeline.provider);
      exitFlushables.push(pipeline);
      flushes.push(() => pipeline.provider.forceFlush());
      shutdowns.push(() => {
        // A shut-down MeterProvider warns on every later getMeter() (the span-loss report at
        // shutdown, libraries that create meters later); from here on they get the API's silent
        // no-op. Instruments created before keep their provider, so their data is still flushed.
        if (metrics.getMeterProvider() === pipeline.provider) metrics.disable();
        return pipeline.provider.shutdown();
      });
    }
  }

  // Log events and the content store: loaded only when configured (log-pipeline.ts).
  setContentOffload(contentOffloadFrom(options.contentOffload, process.env));
  const logPipeline = startLogPipeline(config, resource, options.redaction);
  flushes.push(() => logPipeline.forceFlush());
  shutdowns.push(() => logPipeline.shutdown());
  // Last: ending spans at exit may still emit log events.
  exitFlushables.push(logPipeline);

  if (config.systemMetrics && isMainThread) {
    if (systemMetricsProvider) {
      const provider = systemMetricsProvider;
      try {
        const stop = (require('./system-metrics') as typeof import('./system-metrics')).startSystemMetrics(
          provider,
        );
        shutdowns.unshift(async () => stop());
      } catch (error) {
        diag.warn(
          `genai-otel: could not start system metrics (${oneLine(error)}); GenAI telemetry is unaffected`,
        );
      }
    } else {
      diag.warn(
        'genai-otel: system metrics are on (GENAI_OTEL_SYSTEM_METRICS / systemMetrics), but no metric exporter is configured, so they go nowhere. ' +
          'Fix: set OTEL_EXPORTER_OTLP_ENDPOINT, or OTEL_METRICS_EXPORTER=otlp or console.',
      );
    }
  }

  const selected = selectInstrumentations(config);
  // Before enabling: what was required too early is only visible as not-yet-hooked cache entries.
  setup.earlyLoaded = safely(() => findEarlyLoadedModules(selected)) ?? [];
  const active = createInstrumentations(selected, setup.earlyLoaded);
  setup.instrumentations = active;
  const disableInstrumentations = enableInstrumentations(
    active.map((entry) => entry.instance),
    options.instrumentations ?? [],
  );
  setup.unpatchedEarly =
    safely(() => patchAndReportEarlyLoads(setup.earlyLoaded, active, origin.loadedBy)) ?? [];
  if (origin.loadedBy === 'code') {
    safely(() => warnIfEsmImportsUnpatched(origin.caller, active, setup.earlyLoaded));
  }

  let lastFlushedEndCount = -1;
  const forceFlush = async () => {
    // After shutdown() nothing is left to flush; waiting on the exporters again could take their
    // whole timeout while the backend hangs.
    if (shutdownPromise) return shutdownPromise;
    lastFlushedEndCount = endedCount();
    await Promise.all(
      flushes.map((flush) =>
        flush().catch((error) => {
          if (!wasReported(error)) diag.error(`genai-otel: flush failed: ${oneLine(error)}`);
        }),
      ),
    );
  };
  const uninstallExitHooks = config.flushOnExit
    ? installExitHooks({
        hasUnflushedWork: () => endedCount() !== lastFlushedEndCount,
        flush: forceFlush,
        endOpenSpans,
        pipelines: exitFlushables,
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
  const serviceName =
    config.serviceName ?? config.resourceAttributes[ATTR_SERVICE_NAME] ?? defaultServiceName();
  return defaultResource()
    .merge(detectResources({ detectors: [processDetector] }))
    .merge(
      resourceFromAttributes({
        'telemetry.distro.name': 'genai-otel',
        'telemetry.distro.version': PACKAGE_VERSION,
        ...config.resourceAttributes,
        [ATTR_SERVICE_NAME]: serviceName,
      }),
    );
}

/** Whether the configuration enables the registry entry `name`. */
function isInstrumentationEnabled(config: ResolvedConfig, name: string): boolean {
  const enabled = config.enabledInstrumentations?.includes(name) ?? true;
  return enabled && !config.disabledInstrumentations.includes(name);
}

/** `options` with the span processors of the enabled instrumentations that have one, before the user's. */
function withInstrumentationSpanProcessors(
  config: ResolvedConfig,
  options: RegisterOptions,
): RegisterOptions {
  const processors = [];
  for (const entry of KNOWN_INSTRUMENTATIONS) {
    if (entry.createSpanProcessor === undefined || !isInstrumentationEnabled(config, entry.name)) continue;
    try {
      processors.push(entry.createSpanProcessor());
    } catch (error) {
      diag.error(`genai-otel: could not create the ${entry.name} span processor`, error);
    }
  }
  if (processors.length === 0) return options;
  return { ...options, spanProcessors: [...processors, ...(options.spanProcessors ?? [])] };
}

function selectInstrumentations(config: ResolvedConfig): InstrumentationEntry[] {
  const known = new Set(KNOWN_INSTRUMENTATIONS.map((entry) => entry.name));
  for (const name of [...(config.enabledInstrumentations ?? []), ...config.disabledInstrumentations]) {
    if (!known.has(name)) {
      diag.warn(`genai-otel: unknown instrumentation "${name}"; known: ${[...known].join(', ') || 'none'}`);
    }
  }
  return KNOWN_INSTRUMENTATIONS.filter((entry) => isInstrumentationEnabled(config, entry.name));
}

/**
 * The instrumentation of each selected entry: deferred until its library loads (see
 * deferred-instrumentation.ts), or created now when the library is loaded already.
 */
function createInstrumentations(
  selected: readonly InstrumentationEntry[],
  earlyLoaded: readonly EarlyLoadedModule[],
): ActiveInstrumentation[] {
  const active: ActiveInstrumentation[] = [];
  for (const entry of selected) {
    try {
      const loaded = earlyLoaded.some((module) => module.instrumentation === entry.name);
      const instance = loaded ? entry.create() : new DeferredInstrumentation(entry);
      active.push({ name: entry.name, modules: entry.modules, instance });
    } catch (error) {
      diag.error(`genai-otel: could not create the ${entry.name} instrumentation`, error);
    }
  }
  return active;
}

/**
 * Enables instrumentations as `registerInstrumentations()` does (global providers, then enable);
 * ours by hand, so that start-up does not load @opentelemetry/instrumentation and its hooks for
 * instrumentations that are still deferred. The app's own go through the real function.
 * Returns a function that disables them all.
 */
function enableInstrumentations(
  own: readonly Instrumentation[],
  fromApp: readonly Instrumentation[],
): () => void {
  for (const instrumentation of own) {
    instrumentation.setTracerProvider(trace.getTracerProvider());
    instrumentation.setMeterProvider(metrics.getMeterProvider());
    if (!instrumentation.getConfig().enabled) instrumentation.enable();
  }
  const disableFromApp =
    fromApp.length > 0
      ? (
          require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation')
        ).registerInstrumentations({ instrumentations: [...fromApp] })
      : () => {};
  return () => {
    for (const instrumentation of own) instrumentation.disable();
    disableFromApp();
  };
}

/**
 * A second `register(options)` (typically beside the `--import` flag): the options read at call
 * time take effect now; the others cannot, and the warning says so and where to give them.
 */
function applyLateOptions(options: RegisterOptions): void {
  const state = getProcessState();
  const captureMode = parseContentCaptureMode(options.captureMessageContent);
  if (captureMode !== undefined && state.config) {
    state.config = {
      ...state.config,
      captureMessageContent: captureMode !== 'NO_CONTENT',
      contentCaptureMode: captureMode,
    };
  }
  if (options.contentBudget !== undefined && state.config) {
    state.config = { ...state.config, contentLimits: resolveContentLimits(options.contentBudget) };
  }
  // A store of your own can only be given in code, beside the --import flag that set up the rest.
  if (options.contentOffload !== undefined) {
    setContentOffload(contentOffloadFrom(options.contentOffload, process.env));
  }
  if (options.genAIConventions !== undefined && state.config) {
    state.config = { ...state.config, genAIConventions: resolveConfig(options).genAIConventions };
  }
  applyCallbackOptionsIfAny(options);
  if (options.logLevel !== undefined || options.diagLogger !== undefined) {
    setUpDiag(options.logLevel ?? state.config?.logLevel ?? 'warn', options.diagLogger);
  }
  reportLateOptions(options, state.setup?.loadedBy ?? 'code');
}

/**
 * Request hooks, pricing overrides and event-bridge defaults, when the options give any. Their
 * module loads the inbound bridges and through them the manual tracing API, so a registration
 * without them (every `--require`/`--import` one) never loads it.
 */
function applyCallbackOptionsIfAny(options: RegisterOptions): void {
  if (options.hooks === undefined && options.pricing === undefined && options.events === undefined) return;
  (require('./inbound/callback-options') as typeof import('./inbound/callback-options')).applyCallbackOptions(
    options,
  );
}

/** Runs a set-up check; a check that fails must never cost the app its telemetry or its start. */
function safely<T>(check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    diag.debug('genai-otel: a set-up check failed', error);
    return undefined;
  }
}

function parseLogLevel(value: string | undefined): LogLevelName | undefined {
  const level = value?.trim().toLowerCase();
  const known: LogLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
  return known.find((name) => name === level);
}
