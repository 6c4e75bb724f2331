import { join } from 'node:path';

/** How the user loaded us with `--import`: the package entry, or a path to our ESM entry. */
const IMPORT_ENTRY = /(^|[/\\])(genai-otel\/register|register-import\.mjs)$/;

/**
 * Node runs `--import` preloads in file workers but not in `eval` workers (`--require` runs in
 * both). So when this process loaded genai-otel with `--import` and an eval worker is about to
 * inherit that `execArgv`, the worker gets our `--require` entry added: the same registration,
 * started the CJS way. Returns the constructor arguments to use.
 */
export function withRegisterForEvalWorker(
  args: unknown[],
  execArgv: readonly string[] = process.execArgv,
): unknown[] {
  const options = args[1] as { eval?: unknown; execArgv?: unknown } | undefined;
  if (options?.eval !== true || options.execArgv !== undefined) return args;
  if (!loadedWithImport(execArgv) || loadedWithRequire(execArgv)) return args;
  // Built, this code is in dist/src/entry/bundle.js (scripts/build-package.mjs), so the entry is
  // its neighbour; the path is written as from src/context/ so that it reads the same in both.
  const requireEntry = join(__dirname, '..', 'entry', 'register-require.js');
  return [args[0], { ...options, execArgv: [...execArgv, '--require', requireEntry] }, ...args.slice(2)];
}

function loadedWithImport(execArgv: readonly string[]): boolean {
  return preloadValues(execArgv, '--import').some((value) => IMPORT_ENTRY.test(value));
}

function loadedWithRequire(execArgv: readonly string[]): boolean {
  return preloadValues(execArgv, '--require')
    .concat(preloadValues(execArgv, '-r'))
    .some((value) => /genai-otel\/register$|register-require(\.js)?$/.test(value));
}

function preloadValues(execArgv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  execArgv.forEach((arg, index) => {
    if (arg === flag && execArgv[index + 1] !== undefined) values.push(execArgv[index + 1] as string);
    else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  });
  return values;
}
