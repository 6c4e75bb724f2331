import { type GenAIOtelHandle, getProcessState } from './process-state';

/** The handle of a registration that built nothing (`OTEL_SDK_DISABLED`, or a failed set-up). */
export const NOOP_HANDLE: GenAIOtelHandle = {
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

const VERBOSE_LOG_LEVELS = new Set(['info', 'debug', 'verbose', 'all']);

/**
 * Whether the environment alone switches genai-otel off, decided without loading anything: the
 * register entries then skip the OpenTelemetry SDK, the loader hooks and every instrumentation,
 * so a disabled process starts almost as fast as bare node. Not when a saved configuration
 * (GENAI_OTEL_CONFIG, which may override the switch) is set, nor when OTEL_LOG_LEVEL asks for the
 * info line that says it is disabled: those take the full path, which decides the same way.
 */
export function isDisabledByEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true') return false;
  if (env.GENAI_OTEL_CONFIG?.trim()) return false;
  return !VERBOSE_LOG_LEVELS.has(env.OTEL_LOG_LEVEL?.trim().toLowerCase() ?? '');
}

/**
 * Records a disabled registration by a register entry, as the full path would: a later
 * `register()` returns the same no-op handle.
 */
export function recordDisabledRegistration(entry: 'require-flag' | 'import-flag'): void {
  const state = getProcessState();
  if (state.handle) return;
  state.setup = {
    loadedBy: entry,
    esmHooks: false,
    calledFrom: undefined,
    instrumentations: [],
    earlyLoaded: [],
    unpatchedEarly: [],
    time: Date.now(),
  };
  state.handle = NOOP_HANDLE;
}
