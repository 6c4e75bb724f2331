import {
  createNoopLogger,
  diag,
  type Logger,
  type LoggerOptions,
  type LoggerProvider,
  logs,
} from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type {
  LogRecordExporter,
  LogRecordProcessor,
  LoggerProvider as SdkLoggerProvider,
} from '@opentelemetry/sdk-logs';
import { emitsDetailsEvents } from './config/content-capture';
import type { ResolvedConfig } from './config/resolve-config';
import { contentOffload } from './content/content-offload';
import type { ExitFlushable } from './exit/exit-flushable';
import { ExitSafeLogExporter } from './exit/exit-safe-log-exporter';
import { HandOverLogRecordProcessor } from './exit/hand-over-log-record-processor';
import { createOtlpLogExporter } from './exporters/otlp-exporters';
import { RedactingLogRecordProcessor } from './redaction/redacting-log-record-processor';
import type { RedactionOptions } from './redaction/redaction-options';
import { resolveRedaction } from './redaction/resolve-redaction';

/**
 * What register() needs from the log pipeline: flushing and shutting it down, and (as an
 * {@link ExitFlushable}) handing its buffered records over when the process exits.
 */
export interface LogPipeline extends ExitFlushable {
  readonly signal: 'logs';
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Builds and registers the global logger provider that exports genai-otel's log events (the
 * `gen_ai.client.inference.operation.details` and `gen_ai.evaluation.result` events) when a log
 * exporter is configured (`OTEL_LOGS_EXPORTER`, or `otlp` by default when an OTLP endpoint is).
 * The logs SDK and exporter are loaded only then, at the first event. Also flushes the content store, whose writes
 * must be durable before the process ends.
 */
export function startLogPipeline(
  config: ResolvedConfig,
  resource: Resource,
  redaction: RedactionOptions | false | undefined,
): LogPipeline {
  // The store in force at flush time: a later register({ contentOffload }) may have replaced it.
  const flushStore = async () => {
    await contentOffload()?.store.flush?.();
  };
  const exporters = config.logs.exporters.filter((name) => name !== 'none');
  if (exporters.length === 0) {
    if (emitsDetailsEvents(config.contentCaptureMode)) {
      diag.warn(
        `genai-otel: content capture mode ${config.contentCaptureMode} records content on log events, but no log exporter is configured, so they go nowhere. ` +
          'Fix: set OTEL_EXPORTER_OTLP_ENDPOINT, or OTEL_LOGS_EXPORTER=otlp or console (or register your own LoggerProvider).',
      );
    }
    return withoutExport(flushStore);
  }
  // Filled when the logs SDK is built, at the first record; read by the exit path.
  const exitSafeExporters: ExitSafeLogExporter[] = [];
  const handOverProcessors: HandOverLogRecordProcessor[] = [];
  const provider = new LazyLoggerProvider(() => {
    const sdk = require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs');
    const processors: LogRecordProcessor[] = exporters.map((name) => {
      let exporter: LogRecordExporter;
      if (name === 'otlp') {
        const exitSafe = new ExitSafeLogExporter(
          () => createOtlpLogExporter(config.logs.otlp),
          config.logs.otlp,
          config.exitFlushTimeoutMillis,
        );
        exitSafeExporters.push(exitSafe);
        exporter = exitSafe;
      } else {
        exporter = new sdk.ConsoleLogRecordExporter();
      }
      const processor = new HandOverLogRecordProcessor(sdk.BatchLogRecordProcessor, exporter);
      handOverProcessors.push(processor);
      return processor;
    });
    // First, so no exporter sees unscrubbed content (as for spans).
    if (redaction !== false) processors.unshift(new RedactingLogRecordProcessor(resolveRedaction(redaction)));
    return new sdk.LoggerProvider({ resource, processors });
  });
  if (!logs.setGlobalLoggerProvider(provider)) {
    diag.info('genai-otel: a logger provider is already registered; GenAI log events go to it');
    return withoutExport(flushStore);
  }
  return {
    signal: 'logs',
    exitSafeExporters,
    handOverSynchronously() {
      for (const processor of handOverProcessors) processor.handOverSynchronously();
    },
    forceFlush: async () => {
      await Promise.all([provider.forceFlush(), flushStore()]);
    },
    shutdown: async () => {
      await Promise.all([provider.shutdown(), flushStore()]);
    },
  };
}

/** The pipeline when genai-otel exports no logs itself: only the content store to flush. */
function withoutExport(flushStore: () => Promise<void>): LogPipeline {
  return {
    signal: 'logs',
    exitSafeExporters: [],
    handOverSynchronously() {},
    forceFlush: flushStore,
    shutdown: flushStore,
  };
}

/**
 * The global logger provider, built at the first emitted record: most apps with an OTLP endpoint
 * never emit a GenAI log event (no capture mode with events, no evaluations) and should not pay for
 * loading the logs SDK and its exporter at start-up. `getLogger` alone does not build it: every
 * OpenTelemetry instrumentation asks for a logger when it is created.
 */
class LazyLoggerProvider implements LoggerProvider {
  private provider: SdkLoggerProvider | undefined;
  private stopped = false;

  constructor(private readonly build: () => SdkLoggerProvider) {}

  getLogger(name: string, version?: string, options?: LoggerOptions): Logger {
    let logger: Logger | undefined;
    const resolve = (): Logger => {
      if (logger !== undefined) return logger;
      if (this.provider === undefined && !this.stopped) this.provider = this.build();
      logger = this.provider?.getLogger(name, version, options) ?? createNoopLogger();
      return logger;
    };
    return {
      emit: (record) => resolve().emit(record),
      enabled: (query) => resolve().enabled(query),
    };
  }

  async forceFlush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.provider?.shutdown();
  }
}
