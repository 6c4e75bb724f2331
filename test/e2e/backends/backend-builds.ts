/**
 * Builds the real backends the end-to-end tests run against — Jaeger v2, Grafana Tempo and an
 * OpenTelemetry Collector — from their Go modules at pinned versions, once per machine.
 *
 * Binaries are cached at `~/.cache/genai-otel/bin/<name>-<version>` (override the root with
 * GENAI_OTEL_CACHE_DIR); a binary that is there is reused. Each build runs in a small wrapper
 * module committed next to this file (`<name>/go.mod` + `go.sum`): `go install module@version`
 * cannot build either backend (Jaeger's and Tempo's go.mod carry `replace` lines, and their v2/v3
 * tags have no `/vN` module path), and a committed go.sum pins every dependency's hash, so the
 * build needs neither the checksum database nor network beyond the Go module proxy.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const BACKENDS_DIR = __dirname;

/** Oldest Go the wrapper modules accept: the highest of their `go` lines (Jaeger's, 1.24.6). */
const MINIMUM_GO = [1, 24, 6] as const;

export interface GoBackendSpec {
  name: 'jaeger' | 'tempo' | 'otelcol';
  /** The pinned version, part of the cached binary's name. */
  version: string;
  /** Human-readable upstream release the version corresponds to. */
  release: string;
}

/**
 * Jaeger v2.13.0 is module version v1.76.0 (the same commit; later v2 releases exist only as tags
 * the module proxy cannot serve under this module path). Tempo is pinned at the main-branch commit
 * between v2.8.0-rc.0 and v2.8.0 that Grafana itself depends on, the newest Tempo this module proxy
 * serves. The collector matches the collector libraries inside that Jaeger.
 */
export const JAEGER: GoBackendSpec = { name: 'jaeger', version: 'v1.76.0', release: 'Jaeger v2.13.0' };
export const TEMPO: GoBackendSpec = {
  name: 'tempo',
  version: 'v1.5.1-0.20250529124718-87c2dc380cec',
  release: 'Tempo 2.8 (main, 2025-05-29)',
};
export const OTELCOL: GoBackendSpec = { name: 'otelcol', version: 'v0.140.0', release: 'Collector v0.140.0' };
export const ALL_BACKENDS = [JAEGER, TEMPO, OTELCOL] as const;

const MAIN_PACKAGES = {
  jaeger: 'github.com/jaegertracing/jaeger/cmd/jaeger',
  tempo: 'github.com/grafana/tempo/cmd/tempo',
  otelcolBuilder: 'go.opentelemetry.io/collector/cmd/builder',
} as const;

export function cacheRoot(): string {
  return process.env.GENAI_OTEL_CACHE_DIR ?? join(homedir(), '.cache', 'genai-otel');
}

export function binaryPath(spec: GoBackendSpec): string {
  return join(cacheRoot(), 'bin', `${spec.name}-${spec.version}`);
}

export interface BuildReport {
  spec: GoBackendSpec;
  path: string;
  /** false when the cached binary was reused. */
  built: boolean;
  seconds: number;
  logFile?: string;
}

/** Fails with a message saying what to install when Go is missing or too old. Never skips. */
export async function requireGo(): Promise<string> {
  let output: string;
  try {
    output = (await run('go', ['version'], { cwd: BACKENDS_DIR })).trim();
  } catch (error) {
    throw new Error(
      'The end-to-end tests build Jaeger, Tempo and an OpenTelemetry Collector from their Go modules, ' +
        `but the Go toolchain could not be run (${(error as Error).message}). Install Go >= ` +
        `${MINIMUM_GO.join('.')} (https://go.dev/dl/) and make sure \`go\` is on PATH and the Go module ` +
        'proxy is reachable.',
    );
  }
  const found = /go(\d+)\.(\d+)(?:\.(\d+))?/
    .exec(output)
    ?.slice(1, 4)
    .map((part) => Number(part ?? 0));
  if (!found || isOlder(found, MINIMUM_GO)) {
    throw new Error(
      `The end-to-end tests need Go >= ${MINIMUM_GO.join('.')} to build the backends; found "${output}".`,
    );
  }
  return output;
}

function isOlder(version: readonly number[], minimum: readonly number[]): boolean {
  for (let index = 0; index < minimum.length; index++) {
    const part = version[index] ?? 0;
    const wanted = minimum[index] ?? 0;
    if (part !== wanted) return part < wanted;
  }
  return false;
}

/** Returns the cached binary, building it first if it is not there. */
export async function ensureBackend(spec: GoBackendSpec): Promise<BuildReport> {
  const path = binaryPath(spec);
  if (existsSync(path)) return { spec, path, built: false, seconds: 0 };
  await mkdir(join(cacheRoot(), 'bin'), { recursive: true });
  await mkdir(join(cacheRoot(), 'logs'), { recursive: true });
  const logFile = join(cacheRoot(), 'logs', `${spec.name}-${spec.version}.build.log`);
  const started = Date.now();
  try {
    if (spec.name === 'otelcol') await buildCollector(spec, path, logFile);
    else await goBuild(join(BACKENDS_DIR, spec.name), MAIN_PACKAGES[spec.name], path, logFile);
  } catch (error) {
    const tail = await readFile(logFile, 'utf8').then(
      (text) => text.split('\n').slice(-30).join('\n'),
      () => '',
    );
    throw new Error(`Building ${spec.release} failed: ${(error as Error).message}\n${tail}`);
  }
  return { spec, path, built: true, seconds: (Date.now() - started) / 1000, logFile };
}

/** Builds every backend at once: the module downloads overlap and `go` shares one build cache. */
export async function ensureAllBackends(): Promise<BuildReport[]> {
  await requireGo();
  return Promise.all(ALL_BACKENDS.map((spec) => ensureBackend(spec)));
}

async function goBuild(moduleDir: string, mainPackage: string, output: string, logFile: string) {
  const partial = `${output}.partial-${process.pid}`;
  try {
    await run('go', ['build', '-mod=readonly', '-trimpath', '-ldflags=-s -w', '-o', partial, mainPackage], {
      cwd: moduleDir,
      logFile,
    });
    // Renamed only when complete, so an interrupted build never leaves a binary that looks cached.
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
}

/**
 * The collector is made the way its project documents: the OpenTelemetry Collector Builder
 * (itself built from a wrapper module) generates a distribution from `otelcol/manifest.yaml`.
 * The builder runs `go mod tidy`; seeding the committed go.sum keeps that offline of the
 * checksum database too.
 */
async function buildCollector(spec: GoBackendSpec, output: string, logFile: string) {
  const builder = join(cacheRoot(), 'bin', `otelcol-builder-${spec.version}`);
  if (!existsSync(builder)) {
    await goBuild(join(BACKENDS_DIR, 'otelcol', 'builder'), MAIN_PACKAGES.otelcolBuilder, builder, logFile);
  }
  const workDir = join(cacheRoot(), 'build', `otelcol-${spec.version}`);
  const sourceDir = join(workDir, 'src');
  await rm(workDir, { recursive: true, force: true });
  await mkdir(sourceDir, { recursive: true });
  await copyFile(join(BACKENDS_DIR, 'otelcol', 'collector.go.sum'), join(sourceDir, 'go.sum'));
  const manifest = (await readFile(join(BACKENDS_DIR, 'otelcol', 'manifest.yaml'), 'utf8')).replace(
    /^dist:\n/m,
    `dist:\n  output_path: ${JSON.stringify(sourceDir)}\n`,
  );
  const manifestPath = join(workDir, 'manifest.yaml');
  await writeFile(manifestPath, manifest);
  await run(builder, ['--config', manifestPath], { cwd: workDir, logFile });
  await rename(join(sourceDir, 'otelcol-genai-otel-e2e'), output);
}

interface RunOptions {
  cwd: string;
  logFile?: string;
}

/** Runs a command at low priority (other work shares the cores); rejects on a non-zero exit. */
function run(command: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('nice', ['-n', '10', command, ...args], {
      cwd: options.cwd,
      env: goEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    log?.write(`$ ${command} ${args.join(' ')}   (in ${resolve(options.cwd)})\n`);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      log?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => log?.write(chunk));
    child.on('error', (error) => {
      log?.end();
      reject(error);
    });
    child.on('close', (code, signal) => {
      log?.end();
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${command} ${args[0] ?? ''} exited with ${signal ?? code}`));
    });
  });
}

/** The caller's environment, minus settings that would change what gets built. */
function goEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CGO_ENABLED: '0', // as upstream builds them; no C toolchain needed
    GOTOOLCHAIN: 'local', // never fetch another toolchain behind the user's back
    GOWORK: 'off', // a go.work above the checkout must not join the build
    GOFLAGS: '', // the build flags are the ones above, whatever the machine's defaults
  };
}
