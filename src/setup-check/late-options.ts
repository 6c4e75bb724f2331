import type { RegisterOptions } from '../config/register-options';
import type { LoadedBy } from './load-order-check';
import { warnSetupMistake } from './setup-warning';

/**
 * Where each option that cannot change after set-up can be given instead, for the warning. Options
 * not listed here and not applied late are named without a variable.
 */
const ENVIRONMENT_OF: Partial<Record<keyof RegisterOptions, string>> = {
  disabled: 'OTEL_SDK_DISABLED',
  serviceName: 'OTEL_SERVICE_NAME',
  resourceAttributes: 'OTEL_RESOURCE_ATTRIBUTES',
  traceExporters: 'OTEL_TRACES_EXPORTER',
  metricExporters: 'OTEL_METRICS_EXPORTER',
  logExporters: 'OTEL_LOGS_EXPORTER',
  otlp: 'OTEL_EXPORTER_OTLP_*',
  sampler: 'OTEL_TRACES_SAMPLER',
  batch: 'OTEL_BSP_*',
  metricExportIntervalMillis: 'OTEL_METRIC_EXPORT_INTERVAL',
  enabledInstrumentations: 'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
  disabledInstrumentations: 'OTEL_NODE_DISABLED_INSTRUMENTATIONS',
  exitFlushTimeoutMillis: 'GENAI_OTEL_EXIT_FLUSH_TIMEOUT',
  workerThreads: 'GENAI_OTEL_WORKER_THREADS',
  redaction: 'GENAI_OTEL_REDACT_*',
  systemMetrics: 'GENAI_OTEL_SYSTEM_METRICS',
};

/** Options read at the time of each call, which a second `register()` can still change. */
export const LATE_APPLICABLE_OPTIONS: ReadonlyArray<keyof RegisterOptions> = [
  'captureMessageContent',
  'genAIConventions',

  'contentBudget',
  'contentOffload',
  'hooks',
  'pricing',
  'events',
  'logLevel',
  'diagLogger',
];

const SET_UP_BY: Record<LoadedBy, string> = {
  'require-flag': '--require genai-otel/register',
  'import-flag': '--import genai-otel/register',
  code: 'an earlier register() call',
};

/**
 * Case "the flag and a `register(options)` call": the second call cannot rebuild the pipelines.
 * Says which options were applied late and which were ignored, and where to give those instead.
 */
export function reportLateOptions(options: RegisterOptions, loadedBy: LoadedBy): void {
  const given = (Object.keys(options) as Array<keyof RegisterOptions>).filter(
    (key) => options[key] !== undefined,
  );
  if (given.length === 0) return;
  const applied = given.filter((key) => LATE_APPLICABLE_OPTIONS.includes(key));
  const ignored = given.filter((key) => !LATE_APPLICABLE_OPTIONS.includes(key));
  if (ignored.length === 0) {
    warnSetupMistake(
      `genai-otel: register() was called after genai-otel was set up by ${SET_UP_BY[loadedBy]}; applied its options ${applied.join(', ')} now.`,
    );
    return;
  }
  const ignoredList = ignored
    .map((key) => (ENVIRONMENT_OF[key] ? `${key} (use ${ENVIRONMENT_OF[key]})` : key))
    .join(', ');
  warnSetupMistake(
    `genai-otel: register() was called after genai-otel was set up by ${SET_UP_BY[loadedBy]}, so these options are ignored: ${ignoredList}${applied.length > 0 ? `; applied late: ${applied.join(', ')}` : ''}. ` +
      'Fix: give them as environment variables or in a GENAI_OTEL_CONFIG file, or drop the flag and call register(options) before anything else loads.',
  );
}
