import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

/**
 * Installs a global diag logger that keeps the messages reported at `level` or above, as
 * `"<level>: <message> <args>"`, so a test can check that a failure was reported (not thrown).
 * Returns the list it fills; empty it between tests with `messages.length = 0`.
 */
export function recordDiagMessages(
  level: DiagLogLevel.WARN | DiagLogLevel.ERROR = DiagLogLevel.WARN,
): string[] {
  const messages: string[] = [];
  const record =
    (label: string) =>
    (message: string, ...args: unknown[]) => {
      messages.push(`${label}: ${message} ${args.map(String).join(' ')}`);
    };
  const logger: DiagLogger = {
    error: record('error'),
    warn: record('warn'),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, { logLevel: level, suppressOverrideMessage: true });
  return messages;
}
