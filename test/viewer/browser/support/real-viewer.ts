import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../support/run-node-app';

/** The built CLI, as `npx genai-otel` runs it. */
export const GENAI_OTEL_CLI = join(PROJECT_ROOT, 'dist/src/cli/genai-otel.js');

export interface RunningViewer {
  /** `http://127.0.0.1:<port>`: the UI, the API and the OTLP/HTTP endpoint. */
  url: string;
  /** The UI link the CLI prints (`…/?token=T` when started with `--token T`). */
  uiUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real `genai-otel view` (built CLI) on a free port, in memory by default, and waits
 * for the line that prints its URL. `extraArgs` replace `--memory` (pass it again with `--token`).
 * Always `stop()` it.
 */
export async function startRealViewer(extraArgs: string[] = ['--memory']): Promise<RunningViewer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [GENAI_OTEL_CLI, 'view', '--port', '0', '--retain', 'off', ...extraArgs],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { url, uiUrl } = await new Promise<{ url: string; uiUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`genai-otel view did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /UI at ((http:\/\/[^/\s]+)\/\S*)/.exec(output);
      if (match?.[1] && match[2]) {
        clearTimeout(timer);
        resolve({ url: match[2], uiUrl: match[1] });
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`genai-otel view exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    uiUrl,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
