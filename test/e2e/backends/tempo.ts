import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKENDS_DIR, binaryPath, TEMPO } from './backend-builds';
import { type BackendProcess, freePort, startBackend } from './backend-process';

export interface RunningTempo extends BackendProcess {
  /** Base URL for `OTEL_EXPORTER_OTLP_ENDPOINT` (OTLP/HTTP, protobuf or JSON). */
  otlpUrl: string;
  /** Tempo's HTTP API: `/api/v2/traces/{id}`, `/api/search`. */
  apiUrl: string;
}

/** Single-binary Tempo with local storage in a fresh temp directory, removed on stop. */
export async function startTempo(): Promise<RunningTempo> {
  const dataDir = await mkdtemp(join(tmpdir(), 'genai-otel-tempo-'));
  const ports = {
    TEMPO_HTTP_PORT: await freePort(),
    TEMPO_GRPC_PORT: await freePort(),
    TEMPO_OTLP_HTTP_PORT: await freePort(),
    TEMPO_MEMBERLIST_PORT: await freePort(),
  };
  const apiUrl = `http://127.0.0.1:${ports.TEMPO_HTTP_PORT}`;
  let backend: BackendProcess;
  try {
    backend = await startBackend({
      name: 'tempo',
      binary: binaryPath(TEMPO),
      args: [`-config.file=${join(BACKENDS_DIR, 'tempo', 'tempo-test.yaml')}`, '-config.expand-env=true'],
      cwd: dataDir,
      env: {
        TEMPO_DIR: dataDir,
        ...Object.fromEntries(Object.entries(ports).map(([key, port]) => [key, String(port)])),
      },
      readyUrl: `${apiUrl}/ready`,
      readyTimeoutMillis: 90_000,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...backend,
    otlpUrl: `http://127.0.0.1:${ports.TEMPO_OTLP_HTTP_PORT}`,
    apiUrl,
    async stop() {
      await backend.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
