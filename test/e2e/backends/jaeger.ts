import { join } from 'node:path';
import { BACKENDS_DIR, binaryPath, JAEGER } from './backend-builds';
import { type BackendProcess, freePort, startBackend } from './backend-process';

export interface RunningJaeger extends BackendProcess {
  /** Base URL for `OTEL_EXPORTER_OTLP_ENDPOINT` (OTLP/HTTP, protobuf or JSON). */
  otlpUrl: string;
  /** Query service: `/api/v3/*` and the UI's `/api/*`. */
  queryUrl: string;
}

/** Jaeger v2 with memory storage and jaeger/jaeger-test.yaml, on free loopback ports. */
export async function startJaeger(): Promise<RunningJaeger> {
  const [otlpPort, queryHttpPort, queryGrpcPort] = [await freePort(), await freePort(), await freePort()];
  const queryUrl = `http://127.0.0.1:${queryHttpPort}`;
  const backend = await startBackend({
    name: 'jaeger',
    binary: binaryPath(JAEGER),
    args: ['--config', join(BACKENDS_DIR, 'jaeger', 'jaeger-test.yaml')],
    cwd: BACKENDS_DIR,
    env: {
      JAEGER_OTLP_HTTP_PORT: String(otlpPort),
      JAEGER_QUERY_HTTP_PORT: String(queryHttpPort),
      JAEGER_QUERY_GRPC_PORT: String(queryGrpcPort),
    },
    readyUrl: `${queryUrl}/api/v3/services`,
  });
  return { ...backend, otlpUrl: `http://127.0.0.1:${otlpPort}`, queryUrl };
}
