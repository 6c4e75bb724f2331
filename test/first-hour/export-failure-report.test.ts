import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { ExitSafeSpanExporter } from '../../src/exit/exit-safe-span-exporter';
import { describeExportError, wasReported } from '../../src/exporters/export-failure';
import { recordDiagMessages } from '../support/record-diag-messages';

const diagMessages = recordDiagMessages();
afterEach(() => {
  diagMessages.length = 0;
});

/** An OTLP exporter stand-in whose every export fails with `error`. */
function failingExporter(error: Error): SpanExporter {
  return {
    export: (_spans, callback) => callback({ code: ExportResultCode.FAILED, error }),
    shutdown: () => Promise.resolve(),
  };
}

function exportOnce(exporter: SpanExporter): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export([] as ReadableSpan[], resolve));
}

describe('export failures', () => {
  it('are reported once per reason in one line, and the SDK gets an error it will not print again', async () => {
    const otlp = resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).traces.otlp;
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:4318'), {
      name: 'OTLPExporterError',
      code: 'ECONNREFUSED',
    });
    const exporter = new ExitSafeSpanExporter(() => failingExporter(refused), otlp, 1000);
    const first = await exportOnce(exporter);
    await exportOnce(exporter);
    expect(diagMessages).toEqual([
      'warn: genai-otel: could not export spans to http://collector:4318/v1/traces: connection refused (ECONNREFUSED): nothing listens there (URL from OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318) ',
    ]);
    expect(first.code).toBe(ExportResultCode.FAILED);
    // The SDK records error.type from the name: it stays the exporter's.
    expect(first.error?.name).toBe('OTLPExporterError');
    expect(wasReported(first.error)).toBe(true);
    // The metric reader wraps the error's text in a new error; still recognised.
    expect(
      wasReported(new Error(`PeriodicExportingMetricReader: metrics export failed (error ${first.error})`)),
    ).toBe(true);
    expect(wasReported(new Error('something else'))).toBe(false);
  });

  it.each([
    [{ code: 401 }, 'HTTP 401: not authorized; check the credentials in OTEL_EXPORTER_OTLP_HEADERS'],
    [{ code: 404 }, 'HTTP 404: no OTLP receiver at this path'],
    [{ code: 'ENOTFOUND' }, 'host not found (ENOTFOUND)'],
    [{ message: 'fetch failed', cause: { message: 'bad port' } }, 'bad port'],
    [{ message: 'Request Timeout' }, 'no answer within the timeout (OTEL_EXPORTER_OTLP_TIMEOUT)'],
    [{ message: 'first line\n    at stack frame' }, 'first line'],
  ])('describes %j as %s', (error, reason) => {
    expect(describeExportError(error)).toBe(reason);
  });
});
