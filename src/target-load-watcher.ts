import Module, { registerHooks } from 'node:module';
import { diag } from '@opentelemetry/api';

type OnFirstLoad = () => void;

/** Package name → what to do before it first loads; emptied as packages load. */
const pending = new Map<string, OnFirstLoad[]>();
let installed = false;

/** The npm package a bare specifier names (`@scope/pkg/sub` → `@scope/pkg`); none for paths. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Runs the callbacks waiting for the package `specifier` names; true when any ran. */
function runPending(specifier: string): boolean {
  if (pending.size === 0) return false;
  const packageName = packageOf(specifier);
  const callbacks = packageName === undefined ? undefined : pending.get(packageName);
  if (!callbacks || packageName === undefined) return false;
  pending.delete(packageName);
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      diag.error(`genai-otel: preparing for ${packageName} failed`, error);
    }
  }
  return true;
}

/**
 * Calls `onFirstLoad` just before the package is first `require`d or imported (by a bare
 * specifier), so that an instrumentation created there hooks its very first load, exactly as if it
 * had been created at start-up. Two cheap watchers, installed once:
 * - `require`: a wrapper around `Module.prototype.require`; when a callback ran, the call is
 *   dispatched again through `Module.prototype.require`, so require hooks installed by the callback
 *   (require-in-the-middle wraps that same method) see this very require;
 * - `import`: a resolve hook (`module.registerHooks`, in-thread), which runs before the module is
 *   evaluated and so before the ESM loader hook reports it to import-in-the-middle's hooks.
 */
export function beforeFirstLoad(packageName: string, onFirstLoad: OnFirstLoad): void {
  const callbacks = pending.get(packageName) ?? [];
  callbacks.push(onFirstLoad);
  pending.set(packageName, callbacks);
  if (installed) return;
  installed = true;
  const ownRequire = Module.prototype.require;
  const watchingRequire = function (this: Module, id: string) {
    if (typeof id === 'string' && runPending(id)) {
      return Module.prototype.require.call(this, id);
    }
    return ownRequire.call(this, id);
  } as typeof Module.prototype.require;
  Module.prototype.require = watchingRequire;
  if (typeof registerHooks === 'function') {
    registerHooks({
      resolve(specifier, context, nextResolve) {
        runPending(specifier);
        return nextResolve(specifier, context);
      },
    });
  }
}
