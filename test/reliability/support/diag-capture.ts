import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

export interface DiagMessage {
  level: 'error' | 'warn' | 'info' | 'debug' | 'verbose';
  text: string;
}

/** Captures `diag` lines from now on (all levels unless told), as a user's own diag logger would. */
export function captureDiag(logLevel: DiagLogLevel = DiagLogLevel.ALL): {
  messages: DiagMessage[];
  clear(): void;
  dispose(): void;
} {
  const messages: DiagMessage[] = [];
  const at =
    (level: DiagMessage['level']) =>
    (message: string, ...args: unknown[]) => {
      const details = args.map((arg) => (arg instanceof Error ? arg.message : safeString(arg)));
      messages.push({ level, text: [message, ...details].join(' ') });
    };
  const logger: DiagLogger = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    verbose: at('verbose'),
  };
  diag.setLogger(logger, { logLevel, suppressOverrideMessage: true });
  return {
    messages,
    clear: () => {
      messages.length = 0;
    },
    dispose: () => diag.disable(),
  };
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

/** Prints a measured figure in one greppable line, for docs/reliability.md and CI logs. */
export function reportFigure(name: string, value: unknown): void {
  process.stdout.write(
    `[reliability] ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`,
  );
}
