import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../support/run-node-app';

/** A temporary app folder whose node_modules link to this checkout, as an installed app would see it. */
export interface BundlingWorkspace {
  dir: string;
  /** A path inside the workspace. */
  path(...segments: string[]): string;
  remove(): void;
}

/** Packages the fixture apps import; `genai-otel` is this checkout (its built `dist/`). */
const LINKED_PACKAGES = ['openai', '@opentelemetry/api'];

/**
 * Creates the workspace for one test file's run: bundler output is built once into it and reused
 * by every test of the file, then removed.
 */
export function createBundlingWorkspace(): BundlingWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'genai-otel-bundling-'));
  const link = (name: string, target: string) => {
    const at = join(dir, 'node_modules', name);
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(target, at, 'dir');
  };
  link('genai-otel', PROJECT_ROOT);
  for (const name of LINKED_PACKAGES) link(name, join(PROJECT_ROOT, 'node_modules', name));
  return {
    dir,
    path: (...segments) => join(dir, ...segments),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
