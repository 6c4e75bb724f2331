import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's file that called into genai-otel, and whether it is an ES module. */
export interface CallingModule {
  file: string;
  /** ES module frames carry `file://` URLs in stack traces; CommonJS frames carry paths. */
  isEsm: boolean;
}

// src/ (or dist/src/ once built, where this code is in dist/src/entry/bundle.js): frames below it
// are genai-otel's own. Undefined when genai-otel is bundled into an ES module, where `__dirname`
// does not exist and the app's frames and ours share one file, so the caller cannot be told apart.
const OWN_DIR = typeof __dirname === 'string' ? resolve(__dirname, '..') : undefined;

/**
 * The first stack frame outside genai-otel and Node's internals: the app's line that called
 * `register()`. Undefined when the stack says nothing usable (e.g. `Error.stackTraceLimit = 0`).
 */
export function findCallingModule(stack: string | undefined = new Error().stack): CallingModule | undefined {
  if (OWN_DIR === undefined) return undefined;
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const location = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):\d+:\d+\)?\s*$/.exec(line)?.[1];
    if (location === undefined) continue;
    const isEsm = location.startsWith('file://');
    const file = isEsm ? fileURLToPath(location) : location;
    if (file.startsWith(OWN_DIR)) continue;
    return { file, isEsm };
  }
  return undefined;
}
