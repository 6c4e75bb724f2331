import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import type { LogLevelName, RegisterOptions } from './config/register-options';

const LEVELS: Record<LogLevelName, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/** The `diag` logger genai-otel installed, if any: its level, and whether it is the console one. */
let installed: { level: LogLevelName; console: boolean } | undefined;

/**
 * Points OpenTelemetry's `diag` at a logger, so that our warnings (a bad `OTEL_*` value, an export
 * that failed) reach the developer. `diagLogger: false` leaves whatever the app set up alone.
 */
export function setUpDiag(level: LogLevelName, logger: RegisterOptions['diagLogger']): void {
  if (logger === false) return;
  installed = { level, console: logger === undefined };
  diag.setLogger(logger ?? new DiagConsoleLogger(), {
    logLevel: LEVELS[level],
    suppressOverrideMessage: true,
  });
}

/** Whether genai-otel's own console logger prints `diag` warnings (on stderr) already. */
export function diagPrintsWarningsToConsole(): boolean {
  return installed?.console === true && LEVELS[installed.level] >= DiagLogLevel.WARN;
}

/** Whether the app asked for silence (`OTEL_LOG_LEVEL=none` or `logLevel: 'none'`). */
export function diagSilenced(): boolean {
  return installed?.level === 'none';
}
