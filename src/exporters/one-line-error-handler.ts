import { diag } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { wasReported } from './export-failure';

/**
 * The SDK's default error handler prints every error as a JSON blob with its stack. genai-otel's
 * own exporters report their failures in one line already (see ExportFailureReporter); anything
 * else the SDK raises is printed as one line too. Installed only when genai-otel builds the
 * providers: an app with its own OpenTelemetry setup keeps its handler.
 */
export function installOneLineErrorHandler(): void {
  setGlobalErrorHandler((error) => {
    if (wasReported(error)) return;
    diag.error(`genai-otel: ${oneLine(error)}`);
  });
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
