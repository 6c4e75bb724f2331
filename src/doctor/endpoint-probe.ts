import type { OtlpSignalConfig } from '../config/resolve-config';
import { describeExportError, describeHttpStatus } from '../exporters/export-failure';

/** What an OTLP endpoint said to an empty export request. */
export interface EndpointAnswer {
  /** True when it accepted the request (HTTP 2xx). */
  ok: boolean;
  /** `HTTP 200`, or why it failed, in a few words. */
  detail: string;
}

/**
 * Posts an empty OTLP export request (an empty protobuf message, or `{}` in JSON) to the signal's
 * URL with its headers, the way the exporter would, and reports whether it is accepted. A real
 * OTLP receiver answers 200 to an empty request and stores nothing.
 */
export async function probeOtlpEndpoint(
  otlp: OtlpSignalConfig,
  timeoutMillis = 2000,
): Promise<EndpointAnswer> {
  const json = otlp.protocol === 'http/json';
  try {
    const response = await fetch(otlp.url, {
      method: 'POST',
      headers: { ...otlp.headers, 'Content-Type': json ? 'application/json' : 'application/x-protobuf' },
      body: json ? '{}' : new Uint8Array(0),
      signal: AbortSignal.timeout(timeoutMillis),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok
      ? { ok: true, detail: `HTTP ${response.status}` }
      : { ok: false, detail: describeHttpStatus(response.status) };
  } catch (error) {
    const timedOut = (error as { name?: string }).name === 'TimeoutError';
    return {
      ok: false,
      detail: timedOut ? `no answer within ${timeoutMillis} ms` : describeExportError(error),
    };
  }
}
