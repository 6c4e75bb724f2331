import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type StartedViewer,
  startViewerServer,
  type ViewerServerOptions,
} from '../../../../src/viewer/server/viewer-server';
import { SpanStore } from '../../../../src/viewer/store/span-store';

export interface JsonAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field in the tests
  body: any;
  headers: Headers;
}

export interface TestViewer {
  url: string;
  store: SpanStore;
  server: StartedViewer;
  /** GET `<url><path>` as JSON, with optional headers. */
  getJson(path: string, headers?: Record<string, string>): Promise<JsonAnswer>;
  close(): Promise<void>;
}

/** A viewer on a free loopback port with an in-memory store (or the given one). */
export async function startTestViewer(options: Partial<ViewerServerOptions> = {}): Promise<TestViewer> {
  const store = options.store ?? new SpanStore({ path: ':memory:' });
  const server = await startViewerServer({
    port: 0,
    uiDir: join(tmpdir(), 'genai-otel-no-ui'),
    ...options,
    store,
  });
  return {
    url: server.url,
    store,
    server,
    async getJson(path, headers = {}) {
      const response = await fetch(`${server.url}${path}`, { headers });
      const text = await response.text();
      return { status: response.status, body: JSON.parse(text), headers: response.headers };
    },
    async close() {
      await server.close();
      store.close();
    },
  };
}

/** A fresh temporary directory, removed by the returned function. */
export function temporaryDirectory(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
