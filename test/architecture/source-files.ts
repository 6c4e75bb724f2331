import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface SourceFile {
  /** Path from the repository root, with `/` separators (`src/genai/semconv.ts`). */
  path: string;
  text: string;
}

/** Every TypeScript source file under the given top-level folders (`src`, `instrumentations`). */
export function sourceFiles(...folders: string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push({ path: relative(ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  for (const folder of folders) walk(join(ROOT, folder));
  return files;
}

/** The file's lines with comment lines (`//`, `/*`, ` *`) blanked, so JSDoc mentions of names are ignored. */
export function codeLines(text: string): string[] {
  return text.split('\n').map((line) => (/^\s*(\/\/|\/\*|\*)/.test(line) ? '' : line));
}
