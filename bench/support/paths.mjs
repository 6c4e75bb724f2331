/** Where things are, and a `require` that resolves like the project root (so `genai-otel` is the build). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT_DIR = dirname(BENCH_DIR);
/** Resolves from the package root: `genai-otel` is the self-reference to dist/, as users get it. */
export const rootRequire = createRequire(join(ROOT_DIR, 'package.json'));
/** Resolves from bench/: the peer instrumentations in bench/node_modules. */
export const benchRequire = createRequire(join(BENCH_DIR, 'package.json'));

/** `version` of an installed package, read from its package.json. */
export function versionOf(require, name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    // Packages whose `exports` hide package.json, or installed under an alias (openai-v6): walk
    // up from the entry to the folder named after the dependency.
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 8; i++, dir = dirname(dir)) {
      if (dir.endsWith(`node_modules/${name}`)) return require(join(dir, 'package.json')).version;
    }
    return 'unknown';
  }
}
