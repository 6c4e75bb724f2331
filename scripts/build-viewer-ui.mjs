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
  chunkNames: 'chunk-[hash]',
  bundle: true,
  format: 'esm',
  // The overview's chart library loads when the overview is opened, not with the trace list.
  splitting: true,
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
  const entryFile = (extension) => {
    const file = Object.keys(metafile.outputs).find(
      (name) => name.endsWith(extension) && metafile.outputs[name].entryPoint !== undefined,
    );
    return file && relative(outDir, resolve(root, file));
  };
  const script = entryFile('.js');
  const style = Object.keys(metafile.outputs)
    .filter((file) => file.endsWith('.css'))
    .map((file) => relative(outDir, resolve(root, file)))[0];
  if (!script || !style) {
    throw new Error(
      `build-viewer-ui: expected an entry .js and a .css output, got ${Object.keys(metafile.outputs)}`,
    );
  }
  // The chunks the entry imports statically are fetched at once, not after the entry is parsed.
  const entryOutput = Object.values(metafile.outputs).find((output) => output.entryPoint && output.imports);
  const preloads = (entryOutput?.imports ?? [])
    .filter((imported) => imported.kind === 'import-statement')
    .map(
      (imported) =>
        `<link rel="modulepreload" href="/${assetUrl(relative(outDir, resolve(root, imported.path)))}" />`,
    )
    .join('\n    ');
  const template = await readFile(join(sourceDir, 'index.html'), 'utf8');
  // Absolute asset URLs: the server answers every client-side route (/traces/…) with this page.
  const html = template
    .replace('%APP_SCRIPT%', `/${assetUrl(script)}`)
    .replace('%APP_STYLE%', `/${assetUrl(style)}`)
    .replace('%MODULE_PRELOADS%', preloads);
  await writeFile(join(outDir, 'index.html'), html);
  const sizes = Object.entries(metafile.outputs)
    .map(([file, output]) => `${basename(file)} ${(output.bytes / 1024).toFixed(1)} KiB`)
    .join(', ');
  process.stdout.write(`build-viewer-ui: dist/viewer-ui (${sizes})\n`);
}

function assetUrl(path) {
  return path.split('\\').join('/');
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
