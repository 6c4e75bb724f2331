/**
 * Starts a backend binary on loopback and stops it again: a clean environment (no OTEL_* so no
 * backend traces itself or exports anywhere), bounded readiness polling, and a stop that always
 * ends the process (SIGTERM, then SIGKILL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (the OS picks it; the backend binds it moments later). */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

export interface BackendProcess {
  name: string;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  binary: string;
  args: string[];
  cwd: string;
  /** Variables the backend needs (ports, paths for its config); added to a scrubbed environment. */
  env?: Record<string, string>;
  /** URL that answers 2xx once the backend can take data and queries. */
  readyUrl: string;
  /** When any HTTP answer means ready (a bare OTLP receiver answers GET with 405). */
  anyHttpAnswerIsReady?: boolean;
  readyTimeoutMillis?: number;
}

const MAX_OUTPUT_CHARS = 64_000;

export async function startBackend(options: StartOptions): Promise<BackendProcess> {
  const child = spawn(options.binary, options.args, {
    cwd: options.cwd,
    env: { ...scrubbedEnvironment(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolvePromise) => {
    child.on('error', (error) => resolvePromise(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => resolvePromise(`exited with ${signal ?? code}`));
  });
  const backend: BackendProcess = {
    name: options.name,
    output: () => output,
    stop: () => stopProcess(child),
  };
  try {
    await waitUntilReady(options, exited);
  } catch (error) {
    await backend.stop();
    throw new Error(
      `${options.name} did not become ready: ${(error as Error).message}\n--- output ---\n${output}`,
    );
  }
  return backend;
}

/** Polls readyUrl every 250 ms until it answers (2xx unless any answer will do), the process exits, or the time is up. */
async function waitUntilReady(options: StartOptions, exited: Promise<string>): Promise<void> {
  const deadline = Date.now() + (options.readyTimeoutMillis ?? 60_000);
  let exitReason: string | undefined;
  void exited.then((reason) => {
    exitReason = reason;
  });
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitReason) throw new Error(exitReason);
    try {
      const response = await fetch(options.readyUrl, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok || options.anyHttpAnswerIsReady) return;
      lastProblem = `${options.readyUrl} answered ${response.status}`;
    } catch (error) {
      lastProblem = `${options.readyUrl}: ${(error as Error).message}`;
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`timed out after ${options.readyTimeoutMillis ?? 60_000} ms (${lastProblem})`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

/** The test runner's environment without OTEL_* (backends would trace themselves from it). */
function scrubbedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('OTEL_')) env[key] = value;
  }
  return env;
}
