import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '../..');

export interface NodeAppRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMillis: number;
}

export interface NodeAppOptions {
  /** How genai-otel is loaded: `--require`, `--import`, or not at all (the bare app). */
  loader: 'require' | 'import' | 'none';
  /** Variables added to a clean environment (no OTEL_* from the test runner leaks in). */
  env?: Record<string, string>;
  args?: string[];
  /** Node options placed before the preload, e.g. `['--import', 'tsx']` for a TypeScript runner. */
  nodeArgs?: string[];
  /** Send this signal once the app prints `ready` on stdout. */
  signalWhenReady?: NodeJS.Signals;
  timeoutMillis?: number;
  /** The node binary; defaults to $GENAI_OTEL_TEST_NODE, else the one running the tests. */
  nodePath?: string;
}

/** Runs a fixture app the way users run theirs, `node --require|--import genai-otel/register app`. */
export function runNodeApp(appPath: string, options: NodeAppOptions): Promise<NodeAppRun> {
  const preload =
    options.loader === 'require'
      ? ['--require', 'genai-otel/register']
      : options.loader === 'import'
        ? ['--import', 'genai-otel/register']
        : [];
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
  Object.assign(env, options.env);
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      options.nodePath ?? process.env.GENAI_OTEL_TEST_NODE ?? process.execPath,
      [...(options.nodeArgs ?? []), ...preload, appPath, ...(options.args ?? [])],
      {
        cwd: PROJECT_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.signalWhenReady && !signalled && /^ready$/m.test(stdout)) {
        signalled = true;
        child.kill(options.signalWhenReady);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${appPath} did not exit within ${options.timeoutMillis ?? 20_000} ms\n${stderr}`));
    }, options.timeoutMillis ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, durationMillis: Date.now() - started });
    });
  });
}
