import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import type { AfterResponseHook, BeforeRequestHook, RequestHooks } from './request-hooks';

/** Hooks named by module path, as saved configuration holds them. */
export interface HookModulePaths {
  beforeRequest?: string[];
  afterResponse?: string[];
}

/**
 * Loads hooks from modules: each module exports the hook as `default`, or as a named export
 * `beforeRequest` / `afterResponse`. Relative paths resolve from `baseDir` (the configuration
 * file's folder); bare names resolve like `require()` from there. ESM modules load through
 * `require()` of ES modules (Node ≥ 22.12; no top-level await). Throws an Error naming the
 * module and what is wrong; callers report it.
 */
export function loadHookModules(paths: HookModulePaths, baseDir: string): RequestHooks {
  const requireFromConfig = createRequire(resolve(baseDir, 'genai-otel.config.json'));
  const load = <T>(path: string, exportName: 'beforeRequest' | 'afterResponse', key: string): T => {
    const specifier = path.startsWith('.') || isAbsolute(path) ? resolve(baseDir, path) : path;
    let loaded: Record<string, unknown>;
    try {
      loaded = requireFromConfig(specifier) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${key}: cannot load module "${path}": ${(error as Error).message}`);
    }
    const hook = loaded?.[exportName] ?? loaded?.default ?? loaded;
    if (typeof hook !== 'function') {
      throw new Error(
        `${key}: module "${path}" exports no function (expected a default export or "${exportName}")`,
      );
    }
    return hook as T;
  };
  return {
    beforeRequest: (paths.beforeRequest ?? []).map((path, index) =>
      load<BeforeRequestHook>(path, 'beforeRequest', `hooks.beforeRequest[${index}]`),
    ),
    afterResponse: (paths.afterResponse ?? []).map((path, index) =>
      load<AfterResponseHook>(path, 'afterResponse', `hooks.afterResponse[${index}]`),
    ),
  };
}
