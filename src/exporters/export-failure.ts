import { diag } from '@opentelemetry/api';
import type { OtlpSignalConfig } from '../config/resolve-config';

/** Marks errors genai-otel has already reported in one line (shared by every copy of genai-otel). */
const REPORTED = Symbol.for('genai-otel.reported-error');
const REPORTED_PREFIX = 'genai-otel: could not export';

/**
 * An export failure already reported through `diag`. The SDK passes it on to its global error
 * handler, which must not print it again (as a JSON blob). It keeps the original error's name,
 * which the SDK records as `error.type` of its span-processing metric.
 */
export class ReportedExportError extends Error {
  readonly [REPORTED] = true;

  constructor(message: string, originalName: string | undefined) {
    super(message);
    this.name = originalName ?? 'Error';
  }
}

/** Whether `error` (or an SDK error wrapping its text) was reported by genai-otel already. */
export function wasReported(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && (error as { [REPORTED]?: boolean })[REPORTED] === true) {
    return true;
  }
  // PeriodicExportingMetricReader wraps the exporter's error in a new one, keeping only its text.
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return text.includes(REPORTED_PREFIX);
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (ECONNREFUSED): nothing listens there',
  ENOTFOUND: 'host not found (ENOTFOUND)',
  EAI_AGAIN: 'host name lookup failed (EAI_AGAIN)',
  ECONNRESET: 'connection reset by the server (ECONNRESET)',
  ETIMEDOUT: 'connection timed out (ETIMEDOUT)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
};

/**
 * Why an OTLP export failed, in a few words: the network error code, the HTTP status (with a hint
 * for the usual causes), or the first line of the message. Never a stack or a response body dump.
 */
export function describeExportError(error: unknown): string {
  const details = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: { code?: unknown; message?: unknown; errors?: Array<{ code?: unknown }> };
  };
  // fetch() wraps the network error as its cause; connecting to several addresses, in an AggregateError.
  const code = details.code ?? details.cause?.code ?? details.cause?.errors?.[0]?.code;
  if (typeof code === 'string' && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  if (typeof code === 'number' || (typeof code === 'string' && /^\d{3}$/.test(code))) {
    return describeHttpStatus(Number(code));
  }
  let message = typeof details.message === 'string' ? details.message : String(error);
  // fetch() says only "fetch failed"; the cause says what.
  if (message === 'fetch failed' && typeof details.cause?.message === 'string')
    message = details.cause.message;
  if (details.name === 'TimeoutError' || /^(request )?time(d )?out$/i.test(message)) {
    return 'no answer within the timeout (OTEL_EXPORTER_OTLP_TIMEOUT)';
  }
  return (message.split('\n')[0] ?? message).slice(0, 200);
}

export function describeHttpStatus(status: number): string {
  if (status === 401 || status === 403) {
    return `HTTP ${status}: not authorized; check the credentials in OTEL_EXPORTER_OTLP_HEADERS`;
  }
  if (status === 404) return 'HTTP 404: no OTLP receiver at this path';
  if (status === 413) return 'HTTP 413: request too large; lower OTEL_BSP_MAX_EXPORT_BATCH_SIZE';
  if (status === 429 || status === 503) return `HTTP ${status}: the backend is overloaded or rate limiting`;
  return `HTTP ${status}`;
}

/**
 * Reports a signal's failed exports in one line naming the URL, where it came from and why; the
 * first failure (and the first after a success) as a warning, repeats of the same reason at debug,
 * so a backend that is down does not flood the console.
 */
export class ExportFailureReporter {
  private lastReason: string | undefined;

  constructor(
    private readonly what: 'spans' | 'metrics' | 'logs',
    private readonly otlp: Pick<OtlpSignalConfig, 'url' | 'urlSource'>,
  ) {}

  /** Reports the failure; returns the error to hand to the SDK, marked as reported. */
  failed(error: unknown, when = ''): ReportedExportError {
    const reason = describeExportError(error);
    const message = `genai-otel: could not export ${this.what}${when} to ${this.otlp.url}: ${reason} (URL from ${this.otlp.urlSource})`;
    if (reason === this.lastReason) diag.debug(message);
    else diag.warn(message);
    this.lastReason = reason;
    const originalName = error instanceof Error ? error.name : undefined;
    return new ReportedExportError(message, originalName);
  }

  /** An export went through: the next failure is news again. */
  succeeded(): void {
    if (this.lastReason !== undefined)
      diag.info(`genai-otel: exporting ${this.what} to ${this.otlp.url} works again`);
    this.lastReason = undefined;
  }
}

/** The error-like shape {@link describeExportError} reads, from a short reason text (exit posts). */
export function errorFromReason(reason: string): { code?: string | number; message: string } {
  if (/^E[A-Z_]+$/.test(reason)) return { code: reason, message: reason };
  const status = /^HTTP (\d{3})$/.exec(reason)?.[1];
  return status ? { code: Number(status), message: reason } : { message: reason };
}
