import { createRequire } from 'node:module';
import { diag, type Exception } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { beforeFirstLoad } from '../target-load-watcher';
import { wasReported } from './export-failure';

/**
 * The SDK's default error handler prints every error as a JSON blob with its stack. genai-otel's
 * own exporters report their failures in one line already (see ExportFailureReporter); anything
 * else the SDK raises is printed as one line too. Installed only when genai-otel builds the
 * providers: an app with its own OpenTelemetry setup keeps its handler.
 */
export function installOneLineErrorHandler(): void {
  setGlobalErrorHandler(oneLineErrorHandler);
  installOnPackageCore();
}

function oneLineErrorHandler(error: Exception): void {
  if (wasReported(error)) return;
  diag.error(`genai-otel: ${oneLine(error)}`);
}

/**
 * The published package carries its own copy of `@opentelemetry/core` inside its bundle (see
 * docs/decisions.md, "The runtime is bundled"), while the metrics SDK and the exporters, loaded
 * at first use, report through the installed package's copy, whose error handler is its own.
 * That copy gets the same handler: now if it is loaded already, else just before it first loads
 * (loading it here would cost every start-up what the bundle saves). Running from the sources,
 * both are one module and this changes nothing.
 */
const CORE_FILE = /[\\/]node_modules[\\/]@opentelemetry[\\/]core[\\/]/;

function installOnPackageCore(): void {
  if (typeof __filename !== 'string') return;
  const requireInstalled = createRequire(__filename);
  const install = () => {
    try {
      const core = requireInstalled('@opentelemetry/core') as typeof import('@opentelemetry/core');
      if (core.setGlobalErrorHandler !== setGlobalErrorHandler)
        core.setGlobalErrorHandler(oneLineErrorHandler);
    } catch (error) {
      diag.debug('genai-otel: could not install the error handler on @opentelemetry/core', error);
    }
  };
  // Not resolved here (that reads package.json files at every start-up): a loaded copy is in the
  // require cache under its package folder.
  const loaded = Object.keys(requireInstalled.cache).some((file) => CORE_FILE.test(file));
  if (loaded) install();
  else beforeFirstLoad('@opentelemetry/core', install);
}

/** The first line of an error's message, without stack or JSON. */
export function oneLine(error: unknown): string {
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : safeJson(error);
  return message.split('\n')[0] ?? message;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
