import { type Logger, logs } from '@opentelemetry/api';
import { PACKAGE_VERSION } from '../version';

/**
 * The logger genai-otel emits the GenAI conventions' log events with (operation details,
 * evaluation results). Through the global Logs API: the provider `register()` sets up when a log
 * exporter is configured, or the app's own; a no-op when there is none.
 */
export function genAILogger(): Logger {
  return logs.getLogger('genai-otel', PACKAGE_VERSION);
}
