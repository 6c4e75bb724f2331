import { dirname } from 'node:path';
import { type ResolvedConfig, resolveConfig } from '../config/resolve-config';
import { KNOWN_INSTRUMENTATIONS } from '../instrumentation-registry';
import { getProcessState, type SetupRecord } from '../process-state';
import { patchedModuleNames } from '../setup-check/early-loaded-modules';
import { findInstalledPackage, packageNameOf } from '../setup-check/installed-packages';
import { setupWarnings } from '../setup-check/setup-warning';
import { PACKAGE_VERSION } from '../version';
import { type EndpointAnswer, probeOtlpEndpoint } from './endpoint-probe';
import { satisfiesRange } from './version-range';

/** The Node.js versions genai-otel supports (package.json `engines`; a test keeps them equal). */
export const SUPPORTED_NODE_RANGE = '>=22.15.0';

/** How genai-otel came into this process. */
export type LoadedByReport = 'require-flag' | 'import-flag' | 'register-call' | 'not-loaded';

/** One target library of an instrumentation, as found from the app's folder. */
export interface TargetLibraryReport {
  package: string;
  installed: boolean;
  version?: string;
  supportedVersions: string;
  supported?: boolean;
  /** Whether the instrumentation patched it in this process (only known inside the app). */
  patched?: boolean;
  /** Why it is not patched, when it is not. */
  reason?: string;
}

export interface InstrumentationReport {
  name: string;
  enabled: boolean;
  libraries: TargetLibraryReport[];
}

export interface SignalReport {
  exporters: string[];
  /** The OTLP URL, when `otlp` is one of the exporters. */
  url?: string;
  urlSource?: string;
  protocol?: string;
  /** The answer to an empty export request, when endpoints were checked. */
  endpoint?: EndpointAnswer;
}

/** What `genai-otel doctor` and {@link getDoctorReport} report. */
export interface DoctorReport {
  node: { version: string; supported: boolean; supportedRange: string };
  genaiOtel: { version: string; loadedBy: LoadedByReport; esmHooks: boolean; calledFrom?: string };
  instrumentations: InstrumentationReport[];
  traces: SignalReport & { sampler: string };
  metrics: SignalReport & { systemMetrics: boolean };
  contentCapture: boolean;
  /** Set-up warnings given in this process (see docs/troubleshooting.md). */
  warnings: string[];
  /** Everything that needs fixing, one line each; empty when all is well. */
  problems: string[];
}

export interface DoctorOptions {
  /** Post an empty request to each OTLP endpoint. Default true. */
  checkEndpoints?: boolean;
  /** Per endpoint check, ms. Default 2000. */
  endpointTimeoutMillis?: number;
  /** Where the app's packages are looked up from. Default: the main script's folder, else the cwd. */
  appDir?: string;
  /**
   * `app` (default): the report is about this process. `cli`: about the app the command's folder
   * and environment would start (`genai-otel doctor`), where "not loaded" is no problem by itself.
   */
  context?: 'app' | 'cli';
}

const REQUIRED_FLAG = '--require genai-otel/register';
const IMPORT_FLAG = '--import genai-otel/register';

/**
 * A self-check of genai-otel in this process: Node.js version, how genai-otel was loaded, which
 * instrumentations are on and whether their libraries are installed and patched (and why not),
 * where traces and metrics go and whether those endpoints answer, content capture and sampling.
 * `npx genai-otel doctor` prints the same report for the current folder and environment. Never
 * throws.
 *
 * @example
 * ```ts
 * import { getDoctorReport } from 'genai-otel';
 * const report = await getDoctorReport();
 * if (report.problems.length > 0) console.warn(report.problems.join('\n'));
 * ```
 */
export async function getDoctorReport(options: DoctorOptions = {}): Promise<DoctorReport> {
  const state = getProcessState();
  const config = state.config ?? resolveConfig({}, process.env);
  const setup = state.setup;
  const appDir = options.appDir ?? (process.argv[1] ? dirname(process.argv[1]) : process.cwd());
  const problems: string[] = [];

  const nodeSupported = satisfiesRange(process.versions.node, SUPPORTED_NODE_RANGE);
  if (!nodeSupported) {
    problems.push(
      `Node.js ${process.versions.node} is not supported (${SUPPORTED_NODE_RANGE}); upgrade Node.js.`,
    );
  }

  const loadedBy = describeLoading(setup);
  const instrumentations = KNOWN_INSTRUMENTATIONS.map((entry) =>
    reportInstrumentation(entry, config, setup, appDir, problems),
  );

  const traces = signalReport(config.traces.exporters, config.traces.otlp);
  const metrics = signalReport(config.metrics.exporters, config.metrics.otlp);
  if (options.checkEndpoints !== false) {
    const timeout = options.endpointTimeoutMillis ?? 2000;
    const [tracesAnswer, metricsAnswer] = await Promise.all([
      traces.url ? probeOtlpEndpoint(config.traces.otlp, timeout) : undefined,
      metrics.url && metrics.url !== traces.url ? probeOtlpEndpoint(config.metrics.otlp, timeout) : undefined,
    ]);
    if (tracesAnswer) traces.endpoint = tracesAnswer;
    if (metricsAnswer) metrics.endpoint = metricsAnswer;
  }
  for (const [name, signal] of [
    ['traces', traces],
    ['metrics', metrics],
  ] as const) {
    if (signal.endpoint && !signal.endpoint.ok) {
      problems.push(
        `${name} cannot be exported to ${signal.url}: ${signal.endpoint.detail} (URL from ${signal.urlSource}).`,
      );
    }
  }
  if (loadedBy === 'not-loaded' && options.context !== 'cli') {
    problems.push(
      `genai-otel is not set up in this process: start the app with \`node ${IMPORT_FLAG} app.js\` (ESM and CommonJS) or call register() first.`,
    );
  }

  const warnings = setupWarnings();
  return {
    node: { version: process.versions.node, supported: nodeSupported, supportedRange: SUPPORTED_NODE_RANGE },
    genaiOtel: {
      version: PACKAGE_VERSION,
      loadedBy,
      esmHooks: setup?.esmHooks ?? loadedBy === 'import-flag',
      ...(setup?.calledFrom ? { calledFrom: setup.calledFrom } : {}),
    },
    instrumentations,
    traces: { ...traces, sampler: describeSampler(config) },
    metrics: { ...metrics, systemMetrics: config.systemMetrics },
    contentCapture: config.captureMessageContent,
    warnings,
    problems: [...problems, ...warnings.map((warning) => warning.replace(/^genai-otel: /, ''))],
  };
}

function describeLoading(setup: SetupRecord | undefined): LoadedByReport {
  if (setup) return setup.loadedBy === 'code' ? 'register-call' : setup.loadedBy;
  // Outside the app (the CLI): what NODE_OPTIONS would load into the app.
  const nodeOptions = process.env.NODE_OPTIONS ?? '';
  if (/--import[= ]genai-otel\/register/.test(nodeOptions)) return 'import-flag';
  if (/(--require|-r)[= ]genai-otel\/register/.test(nodeOptions)) return 'require-flag';
  return 'not-loaded';
}

function reportInstrumentation(
  entry: (typeof KNOWN_INSTRUMENTATIONS)[number],
  config: ResolvedConfig,
  setup: SetupRecord | undefined,
  appDir: string,
  problems: string[],
): InstrumentationReport {
  const enabled =
    (config.enabledInstrumentations?.includes(entry.name) ?? true) &&
    !config.disabledInstrumentations.includes(entry.name);
  const active = setup?.instrumentations.find((instrumentation) => instrumentation.name === entry.name);
  const patched = active ? patchedModuleNames(active.instance) : undefined;
  const packages = [...new Set(entry.modules.map(packageNameOf))];
  const libraries = packages.map((name): TargetLibraryReport => {
    const installed = findInstalledPackage(name, appDir);
    const supportedVersions = entry.supportedVersions.join(' || ');
    if (!installed) return { package: name, installed: false, supportedVersions };
    const supported =
      installed.version !== undefined &&
      entry.supportedVersions.some((range) => satisfiesRange(installed.version as string, range));
    const library: TargetLibraryReport = {
      package: name,
      installed: true,
      ...(installed.version ? { version: installed.version } : {}),
      supportedVersions,
      supported,
    };
    if (!enabled) return { ...library, reason: 'instrumentation disabled (OTEL_NODE_*_INSTRUMENTATIONS)' };
    if (!supported) {
      problems.push(
        `${name} ${installed.version ?? '(unknown version)'} is installed, but ${entry.name} supports ${supportedVersions}.`,
      );
      return { ...library, reason: `version not supported (${supportedVersions})` };
    }
    if (!patched) return library;
    const isPatched = entry.modules.some((module) => packageNameOf(module) === name && patched.has(module));
    if (isPatched) return { ...library, patched: true };
    const early = setup?.unpatchedEarly.some((module) => packageNameOf(module.moduleName) === name);
    return {
      ...library,
      patched: false,
      reason: early
        ? 'required before genai-otel was set up and could not be patched afterwards'
        : setup?.esmHooks
          ? 'not loaded yet (patched when the app loads it)'
          : `not loaded yet, or imported as an ES module, which only ${IMPORT_FLAG} can patch (${REQUIRED_FLAG} and register() cannot)`,
    };
  });
  return { name: entry.name, enabled, libraries };
}

function signalReport(exporters: string[], otlp: ResolvedConfig['traces']['otlp']): SignalReport {
  if (!exporters.includes('otlp')) return { exporters };
  return { exporters, url: otlp.url, urlSource: otlp.urlSource, protocol: otlp.protocol };
}

function describeSampler(config: ResolvedConfig): string {
  const { name, ratio, custom } = config.traces.sampler;
  if (name === 'custom') return `custom (${String(custom)})`;
  return name.endsWith('traceidratio') ? `${name} (ratio ${ratio})` : name;
}
