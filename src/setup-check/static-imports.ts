import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A target package the app's own code imports, and the file that imports it. */
export interface FoundImport {
  packageName: string;
  file: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;
const SOURCE_EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx'];
const MAX_FILES = 300;
const MAX_FILE_BYTES = 1_000_000;

/**
 * Which of `packageNames` the app's own modules import, following relative imports from `entry`
 * (at most a few hundred files; `node_modules` is not entered). A scoped package also counts when
 * its scope is imported (`@langchain/openai` loads `@langchain/core`). Used only to tell, after a
 * set-up mistake, whether the app really uses an instrumented library, so that the warning names
 * what is affected and apps without such imports are not warned.
 */
export function findStaticImports(entry: string, packageNames: readonly string[]): FoundImport[] {
  const found = new Map<string, FoundImport>();
  const queue = [resolve(entry)];
  const seen = new Set(queue);
  while (queue.length > 0 && seen.size <= MAX_FILES && found.size < packageNames.length) {
    const file = queue.shift() as string;
    for (const specifier of readSpecifiers(file)) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(dirname(file), specifier);
        if (target && !seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
        continue;
      }
      for (const name of packageNames) {
        if (!found.has(name) && importsPackage(specifier, name)) found.set(name, { packageName: name, file });
      }
    }
  }
  return [...found.values()];
}

function importsPackage(specifier: string, packageName: string): boolean {
  if (specifier === packageName || specifier.startsWith(`${packageName}/`)) return true;
  const scope = packageName.startsWith('@') ? packageName.split('/')[0] : undefined;
  return scope !== undefined && specifier.startsWith(`${scope}/`);
}

function readSpecifiers(file: string): string[] {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return [];
    const source = readFileSync(file, 'utf8');
    return [...source.matchAll(SPECIFIER)].map((match) => match[1] as string);
  } catch {
    return [];
  }
}

function resolveRelative(fromDir: string, specifier: string): string | undefined {
  const base = join(fromDir, specifier);
  // TypeScript sources import their siblings as `./x.js`.
  const candidates = [
    ...SOURCE_EXTENSIONS.map((extension) => base + extension),
    ...(base.endsWith('.js') ? ['.ts', '.tsx'].map((extension) => base.slice(0, -3) + extension) : []),
    ...SOURCE_EXTENSIONS.slice(1).map((extension) => join(base, `index${extension}`)),
  ];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}
