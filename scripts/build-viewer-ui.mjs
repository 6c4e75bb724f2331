#!/usr/bin/env node
// Builds the `genai-otel view` web UI (src/viewer/ui) into dist/viewer-ui: one minified JS bundle
// and one CSS file under assets/ with content hashes in their names, and an index.html that loads
// them. No inline script or style: the viewer serves the page with a strict Content-Security-Policy.
// Run by `npm run build`; `node scripts/build-viewer-ui.mjs --watch` rebuilds on change.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src/viewer/ui');
const outDir = join(root, 'dist/viewer-ui');
const assetsDir = join(outDir, 'assets');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const options = {
  absWorkingDir: root,
  entryPoints: { app: join(sourceDir, 'main.tsx') },
  outdir: assetsDir,
  entryNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  // Browsers of the last few years; the UI uses nothing newer.
  target: ['chrome111', 'firefox111', 'safari16.4'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  legalComments: 'none',
  metafile: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(sourceDir, 'tsconfig.json'),
  logLevel: 'warning',
  plugins: [
    {
      name: 'write-index-html',
      setup(build) {
        build.onEnd(async (result) => {
          if (result.errors.length > 0 || !result.metafile) return;
          await writeIndexHtml(result.metafile);
        });
      },
    },
  ],
};

/** index.html from the template, pointing at this build's hashed asset names. */
async function writeIndexHtml(metafile) {
  const outputs = Object.keys(metafile.outputs).map((file) => relative(outDir, resolve(root, file)));
  const script = outputs.find((file) => file.endsWith('.js'));
  const style = outputs.find((file) => file.endsWith('.css'));
  if (!script || !style) throw new Error(`build-viewer-ui: expected a .js and a .css output, got ${outputs}`);
  const template = await readFile(join(sourceDir, 'index.html'), 'utf8');
  // Absolute asset URLs: the server answers every client-side route (/traces/…) with this page.
  const html = template
    .replace('%APP_SCRIPT%', `/${script.split('\\').join('/')}`)
    .replace('%APP_STYLE%', `/${style.split('\\').join('/')}`);
  await writeFile(join(outDir, 'index.html'), html);
  const sizes = Object.entries(metafile.outputs)
    .map(([file, output]) => `${basename(file)} ${(output.bytes / 1024).toFixed(1)} KiB`)
    .join(', ');
  process.stdout.write(`build-viewer-ui: dist/viewer-ui (${sizes})\n`);
}

await rm(outDir, { recursive: true, force: true });
await mkdir(assetsDir, { recursive: true });
if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  process.stdout.write('build-viewer-ui: watching src/viewer/ui\n');
} else {
  await esbuild.build(options);
}
