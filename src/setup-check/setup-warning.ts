import { writeSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import { diagPrintsWarningsToConsole, diagSilenced } from '../diag-setup';

const warned = new Set<string>();

/**
 * Reports a setup mistake of the app (genai-otel loaded too late, the wrong flag, options that
 * cannot apply) once: through `diag`, for the app's logger, and on stderr, so it is seen even when
 * `diag` goes elsewhere. When genai-otel's own console `diag` logger already printed it, stderr is
 * not written twice; `OTEL_LOG_LEVEL=none` silences both.
 */
export function warnSetupMistake(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  diag.warn(message);
  if (diagSilenced() || diagPrintsWarningsToConsole()) return;
  try {
    writeSync(2, `${message}\n`);
  } catch {
    // stderr closed: diag has it.
  }
}

/** The setup warnings given so far in this process (the doctor report lists them). */
export function setupWarnings(): string[] {
  return [...warned];
}
