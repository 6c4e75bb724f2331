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

/**
 * Points OpenTelemetry's `diag` at a logger, so that our warnings (a bad `OTEL_*` value, an export
 * that failed) reach the developer. `diagLogger: false` leaves whatever the app set up alone.
 */
export function setUpDiag(level: LogLevelName, logger: RegisterOptions['diagLogger']): void {
  if (logger === false) return;
  diag.setLogger(logger ?? new DiagConsoleLogger(), {
    logLevel: LEVELS[level],
    suppressOverrideMessage: true,
  });
}
