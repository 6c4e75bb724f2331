import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { packageNameOf } from './installed-packages';

/** A module an instrumentation patches that was already `require`d when genai-otel was set up. */
export interface EarlyLoadedModule {
  /** The instrumentation's short name (`openai`, `langchain`). */
  instrumentation: string;
  /** The module specifier it patches, e.g. `openai` or `@langchain/core/runnables`. */
  moduleName: string;
  /** The loaded file, as in `require.cache`. */
  file: string;
  /** Where the loaded copy lives, for requiring it again from there. */
  nodeModulesDir: string;
}

/** The folder each loaded npm package was loaded from, read off `require.cache` once. */
function loadedPackageDirs(): Map<string, Set<string>> {
  const dirs = new Map<string, Set<string>>();
  for (const file of Object.keys(require.cache)) {
    // Greedy: the last node_modules in the path is the one holding the package.
    const match = /^(.*[\\/]node_modules)[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
    if (!match?.[1] || !match[2]) continue;
    const name = match[2].replace('\\', '/');
    const set = dirs.get(name) ?? new Set<string>();
    set.add(match[1]);
    dirs.set(name, set);
  }
  return dirs;
}

/**
 * The modules of `instrumentations` whose CommonJS entry is already loaded: required before
 * `register()` ran, so require-in-the-middle never saw them and they are not patched.
 */
export function findEarlyLoadedModules(
  instrumentations: ReadonlyArray<{ name: string; modules: readonly string[] }>,
): EarlyLoadedModule[] {
  const packageDirs = loadedPackageDirs();
  const found: EarlyLoadedModule[] = [];
  for (const { name, modules } of instrumentations) {
    for (const moduleName of modules) {
      for (const nodeModulesDir of packageDirs.get(packageNameOf(moduleName)) ?? []) {
        const file = resolveFrom(nodeModulesDir, moduleName);
        if (file !== undefined && require.cache[file]?.loaded) {
          found.push({ instrumentation: name, moduleName, file, nodeModulesDir });
        }
      }
    }
  }
  return found;
}

/**
 * Requires an early-loaded module again from where it was loaded. It is cached, so nothing runs
 * again, but require-in-the-middle (installed since) now sees it and lets the instrumentation patch
 * it: the same patch a later `require()` by the app would have applied. Returns whether the
 * instrumentation's patch ran.
 */
export function patchEarlyLoadedModule(module: EarlyLoadedModule, instrumentation: Instrumentation): boolean {
  try {
    createRequire(join(module.nodeModulesDir, 'genai-otel-late-patch.js'))(module.moduleName);
  } catch {
    return false;
  }
  return patchedModuleNames(instrumentation).has(module.moduleName);
}

/**
 * The module names an instrumentation has patched so far. Read from InstrumentationBase's module
 * definitions, whose `moduleExports` is set when the patch callback runs; an instrumentation of
 * another shape reports none.
 */
export function patchedModuleNames(instrumentation: Instrumentation): Set<string> {
  const definitions = (instrumentation as unknown as { _modules?: unknown })._modules;
  const names = new Set<string>();
  if (!Array.isArray(definitions)) return names;
  for (const definition of definitions as Array<{ name?: unknown; moduleExports?: unknown }>) {
    if (typeof definition.name === 'string' && definition.moduleExports !== undefined)
      names.add(definition.name);
  }
  return names;
}

function resolveFrom(nodeModulesDir: string, moduleName: string): string | undefined {
  try {
    return createRequire(join(nodeModulesDir, 'genai-otel-probe.js')).resolve(moduleName);
  } catch {
    return undefined;
  }
}
