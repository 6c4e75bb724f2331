import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** An npm package as found on disk. */
export interface InstalledPackage {
  name: string;
  version: string | undefined;
  /** The package's folder. */
  dir: string;
}

/** The npm package a module specifier belongs to: `@langchain/core/runnables` → `@langchain/core`. */
export function packageNameOf(moduleName: string): string {
  const parts = moduleName.split('/');
  return (moduleName.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * The package `name` as Node would find it from `fromDir` (the nearest `node_modules/<name>` up
 * the tree), read from disk so that packages whose `exports` hide `package.json` are found too.
 */
export function findInstalledPackage(name: string, fromDir: string): InstalledPackage | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    const manifest = join(candidate, 'package.json');
    if (existsSync(manifest)) return { name, version: readVersion(manifest), dir: candidate };
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readVersion(manifest: string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
