import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether Node (or a TypeScript runner following Node's rules) loads `file` as an ES module:
 * `.mjs`/`.mts` always, `.cjs`/`.cts` never, others when the nearest package.json says
 * `"type": "module"`. A `.js` file with ESM syntax and no `type` is detected as ESM by Node too.
 */
export function isEsmFile(file: string): boolean {
  const path = file.startsWith('file:') ? fileURLToPath(file) : file;
  const extension = extname(path).toLowerCase();
  if (extension === '.mjs' || extension === '.mts') return true;
  if (extension === '.cjs' || extension === '.cts') return false;
  if (nearestPackageType(dirname(path)) === 'module') return true;
  // Node's syntax detection applies to .js and extension-less files; TypeScript runners compile
  // .ts files outside a "type": "module" package to CommonJS.
  return (extension === '.js' || extension === '') && looksLikeEsmSyntax(path);
}

function nearestPackageType(fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { type } = JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown };
        return typeof type === 'string' ? type : 'commonjs';
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir || dir.endsWith('node_modules')) return undefined;
    dir = parent;
  }
}

function looksLikeEsmSyntax(path: string): boolean {
  try {
    return /^\s*(import\s*[\w*{'"]|export\s)/m.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}
