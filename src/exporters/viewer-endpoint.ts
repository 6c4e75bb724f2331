import { diag } from '@opentelemetry/api';
import { EnvReader } from '../config/env-reader';
import type { OtlpSignalConfig } from '../config/resolve-config';

/** Environment variable: base URL of a `genai-otel view` to send traces and metrics to as well. */
export const ENV_GENAI_OTEL_VIEWER = 'GENAI_OTEL_VIEWER';

/**
 * The extra OTLP destination `GENAI_OTEL_VIEWER` asks for, next to the app's own exporters, so an
 * app that already exports to a team's backend shows up in a local viewer too
 * (`GENAI_OTEL_VIEWER=http://127.0.0.1:4318`). Empty when unset, when it is not an http(s) URL
 * (one warning), or when it is where the signal already goes.
 *
 * @example
 * for (const otlp of viewerOtlpConfigs(config.traces.otlp, 'traces')) addOtlpExporter(otlp);
 */
export function viewerOtlpConfigs(
  primary: OtlpSignalConfig,
  signal: 'traces' | 'metrics',
  env: Readonly<Record<string, string | undefined>> = process.env,
): OtlpSignalConfig[] {
  const base = new EnvReader(env).string(ENV_GENAI_OTEL_VIEWER);
  if (base === undefined) return [];
  let url: URL;
  try {
    url = new URL(`${base.replace(/\/+$/, '')}/v1/${signal}`);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    if (signal === 'traces') {
      diag.warn(
        `genai-otel: ${ENV_GENAI_OTEL_VIEWER}="${base}" is not an http(s) URL; nothing is sent to a viewer. ` +
          'Set it to the address `genai-otel view` prints, e.g. http://127.0.0.1:4318.',
      );
    }
    return [];
  }
  if (url.href === primary.url) return [];
  // The viewer takes protobuf and needs none of the backend's headers (they may hold its credentials).
  return [
    {
      url: url.href,
      urlSource: `${ENV_GENAI_OTEL_VIEWER}=${base}`,
      protocol: 'http/protobuf',
      headers: {},
      timeoutMillis: primary.timeoutMillis,
    },
  ];
}
