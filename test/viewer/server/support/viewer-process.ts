import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../support/run-node-app';

/** The built `genai-otel` bin, as `npx genai-otel` runs it. */
export const GENAI_OTEL_BIN = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'genai-otel.js');

export interface ViewerProcess {
  /** The base URL printed at start. */
  url: string;
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Sends the signal and resolves with the exit code (or signal) once the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `genai-otel view <args>` out of process and waits for the URL it prints. */
export function startViewerProcess(args: string[], timeoutMillis = 20_000): Promise<ViewerProcess> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !key.startsWith('OTEL_') &&
      !key.startsWith('GENAI_OTEL_') &&
      key !== 'NODE_OPTIONS'
    ) {
      env[key] = value;
    }
  }
  const child = spawn(
    process.env.GENAI_OTEL_TEST_NODE ?? process.execPath,
    [GENAI_OTEL_BIN, 'view', ...args],
    {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`genai-otel view printed no URL within ${timeoutMillis} ms\n${stdout}\n${stderr}`));
    }, timeoutMillis);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /OTLP\/HTTP at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({
          url,
          child,
          output: () => ({ stdout, stderr }),
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`genai-otel view exited with ${code} before printing its URL\n${stdout}\n${stderr}`));
    });
  });
}
