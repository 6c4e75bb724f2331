#!/usr/bin/env node
// Builds the package's JavaScript after `tsc` has emitted it with the declarations (see
// docs/decisions.md, "The runtime is bundled"). Run by `npm run build`.
//
// 1. Three CommonJS bundles in dist/src/entry/, in place of ~250 files that start-up loaded one
//    by one (the CommonJS loader's per-file cost dominated start-up); see buildBundles():
//    bundle.js (what the register entries run, with the OpenTelemetry SDK pieces start-up loads),
//    on-demand.js (the rest of src/) and instrumentations.js. Each module is evaluated on its
//    first require, as before bundling, and lives in one bundle only (an import across bundles
//    goes through the owner's loadModule), so there is one copy of genai-otel's module state
//    however the package is entered.
// 2. The public entries, rewritten as thin files over bundle.js: dist/src/index.js and
//    dist/src/entry/{bridge,sdk,cost}.js re-export its names (in the form Node's cjs-module-lexer
//    reads, so `import { register } from 'genai-otel'` gets named exports); the `register`
//    entries (register-require.js, register-import.mjs) inline the tiny disabled-by-environment
//    check and load bundle.js only when genai-otel is on.
//
// The CLI (`genai-otel view|doctor`) runs in a process of its own and keeps tsc's unbundled output.
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entryOut = join(root, 'dist/src/entry');

/**
 * Never bundled: the OpenTelemetry API (a peer dependency: one API per process), the module-hook
 * packages (our instrumentations must register with the copy every instrumentation shares), the
 * instrumented libraries (patched where the app loads them; only `import type` here anyway), and
 * what loads lazily at first use (exporters, OTLP transformer and protobuf, metrics and logs SDKs,
 * host/runtime metrics, the price table): bundling them would only make every start-up parse them.
 */
export const EXTERNAL_PACKAGES = [
  '@opentelemetry/api',
  '@opentelemetry/instrumentation',
  'import-in-the-middle',
  'require-in-the-middle',
  '@opentelemetry/exporter-*',
  '@opentelemetry/otlp-*',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/sdk-logs',
  '@opentelemetry/instrumentation-*',
  'protobufjs',
  '@pydantic/genai-prices',
  'openai',
  '@anthropic-ai/*',
  '@google/genai',
  '@aws-sdk/*',
  '@smithy/*',
  '@langchain/*',
  '@modelcontextprotocol/*',
  '@openai/*',
  'ai',
  '@ai-sdk/*',
];

/** Bundled: the SDK pieces every start-up loads. Listed to check that nothing else slips in. */
const BUNDLED_PACKAGES = [
  '@opentelemetry/core',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/resources',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/semantic-conventions',
];

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  legalComments: 'inline',
};

/** 'src/genai/model-call' for <root>/src/genai/model-call.ts (and 'x/y' for x/y/index.ts). */
function moduleKey(file) {
  return relative(root, file)
    .replaceAll('\\', '/')
    .replace(/(\/index)?\.m?ts$/, '');
}

/**
 * Turns every relative import of a module another bundle owns into a module that reads it from
 * there: `require('./<owner>.js').loadModule(key)`. So each source module lives in exactly one
 * bundle, and every bundle reaches that same instance.
 *
 * The stand-in copies the owner's exports into named constants once, when it is first evaluated.
 * A CommonJS stand-in (`module.exports = …`) would work too, but esbuild reads a CommonJS module's
 * names through getters (its `__toESM` copy, over the owner's own `__export` getters): every use
 * of a constant like a semconv key then costs two or three getter calls, which a CPU profile put
 * at ~5 % of a model call. Constants are what live bindings would be here: no module reassigns an
 * export, and no static import cycle crosses bundles (checkNoCrossBundleCycle), so the owner has
 * finished evaluating when the copy is taken.
 */
function crossBundlePlugin(bundleName, ownerOf, exportNamesOf) {
  return {
    name: 'cross-bundle',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.namespace === 'cross-bundle') return { path: args.path, external: true };
        if (args.pluginData?.crossBundle) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { crossBundle: true },
        });
        if (resolved.errors.length > 0 || !/\.m?ts$/.test(resolved.path)) return undefined;
        const key = moduleKey(resolved.path);
        const owner = ownerOf(key);
        if (owner === undefined || owner === bundleName) return undefined;
        return { path: key, namespace: 'cross-bundle', pluginData: { owner } };
      });
      build.onLoad({ filter: /.*/, namespace: 'cross-bundle' }, (args) => ({
        contents: crossBundleStandIn(args.pluginData.owner, args.path, exportNamesOf(args.path)),
        loader: 'js',
        resolveDir: entryOut,
      }));
    },
  };
}

/** The ES module standing in for module `key` of bundle `owner`: its exports, copied once. */
function crossBundleStandIn(owner, key, names) {
  const load = `require(${JSON.stringify(`./${owner}.js`)}).loadModule(${JSON.stringify(key)})`;
  const named = names.filter((name) => name !== 'default');
  const lines = [`const owned = ${load};`];
  if (named.length > 0) lines.push(`export const { ${named.join(', ')} } = owned;`);
  if (names.includes('default')) lines.push('export default owned.default;');
  return lines.join('\n');
}

/**
 * The names each source module exports (`export *` expanded), keyed like moduleKey(): from one
 * esbuild pass over every module, nothing written.
 */
async function exportNamesByModule(files) {
  const result = await esbuild.build({
    ...bundleOptions,
    format: 'esm',
    splitting: true,
    sourcemap: false,
    write: false,
    entryPoints: files.map((file) => join(root, file)),
    outdir: join(entryOut, 'export-names'),
  });
  const names = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    if (output.entryPoint !== undefined) names.set(moduleKey(join(root, output.entryPoint)), output.exports);
  }
  return names;
}

/** An entry module exporting `loadModule(key)`, which requires (evaluates on first call) module `key`. */
function registryEntry(keys, extra = '') {
  const lines = [...keys]
    .sort()
    .map((key) => `  ${JSON.stringify(key)}: () => require(${JSON.stringify(`./${key}`)}),`);
  return [
    extra,
    `const MODULES = {\n${lines.join('\n')}\n};`,
    'export function loadModule(key) {',
    '  const load = MODULES[key];',
    "  if (load === undefined) throw new Error('genai-otel: no bundled module ' + key);",
    '  return load();',
    '}',
  ].join('\n');
}

const bundleOptions = {
  ...common,
  format: 'cjs',
  // The ESM builds of the OpenTelemetry packages, so that semantic-conventions is tree-shaken
  // to the few constants core, resources and sdk-trace use.
  conditions: ['import'],
  external: EXTERNAL_PACKAGES,
  metafile: true,
  // Whitespace only: a third less for V8 to compile at every start-up, while names (stack
  // traces, diag messages, constructor names) stay as written. The source map maps lines back.
  minifyWhitespace: true,
  sourcemap: 'linked',
  sourcesContent: false,
};

/** What the register entries run (src/entry/bundle.ts `loadRegisterEntry`): start-up's roots. */
const START_UP_ROOTS = [
  'src/entry/bundle.ts',
  'src/register.ts',
  'src/context/worker-opt-out.ts',
  'src/instrumentation-registry.ts',
];

/**
 * Three bundles, so that start-up compiles only what it runs:
 * - bundle.js: what `--require`/`--import genai-otel/register` evaluates (the static imports of
 *   register.ts and its neighbours; a lazy `require()` there is where start-up stops);
 * - on-demand.js: the rest of src/ (the public API, manual tracing, bridges, the GenAI recorder),
 *   loaded when an entry or an instrumentation first needs it;
 * - instrumentations.js: instrumentations/, loaded when the first instrumented library loads.
 */
async function buildBundles() {
  const graph = await esbuild.build({
    ...bundleOptions,
    entryPoints: [join(root, 'src/entry/bundle.ts')],
    write: false,
    outfile: join(entryOut, 'bundle.js'),
  });
  const inputs = graph.metafile.inputs;
  const startUp = new Set();
  const pending = [...START_UP_ROOTS];
  while (pending.length > 0) {
    const file = pending.pop();
    if (startUp.has(file) || inputs[file] === undefined) continue;
    startUp.add(file);
    for (const imported of inputs[file].imports) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }
  const owners = new Map();
  for (const file of Object.keys(inputs)) {
    if (!/^(src|instrumentations)\/.*\.m?ts$/.test(file)) continue;
    const owner = file.startsWith('instrumentations/')
      ? 'instrumentations'
      : startUp.has(file)
        ? 'bundle'
        : 'on-demand';
    owners.set(moduleKey(join(root, file)), owner);
  }
  checkNoCrossBundleCycle(inputs, owners);
  const ownedBy = (name) => [...owners].filter(([, owner]) => owner === name).map(([key]) => key);
  const exportNames = await exportNamesByModule(
    Object.keys(inputs).filter((file) => /^(src|instrumentations)\/.*\.m?ts$/.test(file)),
  );
  const exportNamesOf = (key) => {
    const names = exportNames.get(key);
    if (names === undefined) throw new Error(`no export names for ${key}`);
    return names;
  };
  const results = [];
  for (const name of ['bundle', 'on-demand', 'instrumentations']) {
    const keys = ownedBy(name).filter((key) => key !== 'src/entry/bundle');
    const extra = name === 'bundle' ? "export * from './src/entry/bundle';" : '';
    const result = await esbuild.build({
      ...bundleOptions,
      stdin: { contents: registryEntry(keys, extra), resolveDir: root, sourcefile: `${name}-entry.js` },
      outfile: join(entryOut, `${name}.js`),
      plugins: [crossBundlePlugin(name, (key) => owners.get(key), exportNamesOf)],
    });
    results.push([name, result]);
  }
  for (const [name, result] of results) {
    const output = Object.values(result.metafile.outputs).find(
      (candidate) => candidate.entryPoint !== undefined || candidate.inputs,
    );
    const kept = Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0);
    checkPackages(
      name,
      kept.map(([file]) => file),
    );
  }
}

/**
 * The cross-bundle stand-ins copy the owner's exports when the importer is evaluated; that copy is
 * complete only if the owner cannot be mid-evaluation then, i.e. if no chain of static imports
 * leads from the imported module back to its importer (a lazy `require()` may).
 */
function checkNoCrossBundleCycle(inputs, owners) {
  const ownerOfFile = (file) => owners.get(moduleKey(join(root, file)));
  const staticImports = (file) =>
    (inputs[file]?.imports ?? []).filter((imported) => imported.kind === 'import-statement');
  const reaches = (start, target) => {
    const seen = new Set();
    const pending = [start];
    while (pending.length > 0) {
      const file = pending.pop();
      if (file === target) return true;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const imported of staticImports(file)) pending.push(imported.path);
    }
    return false;
  };
  for (const file of Object.keys(inputs)) {
    const from = ownerOfFile(file);
    if (from === undefined) continue;
    for (const { path } of staticImports(file)) {
      const to = ownerOfFile(path);
      if (to !== undefined && to !== from && reaches(path, file))
        throw new Error(`${file} (${from}.js) and ${path} (${to}.js) import each other across bundles`);
    }
  }
}

/**
 * Only the SDK pieces meant to be bundled, and each stateful one only in bundle.js: the others
 * may carry stateless helpers of @opentelemetry/core (a propagator, the suppress-tracing context
 * key, which is a Symbol.for), never its global error handler or the other packages.
 */
function checkPackages(bundleName, inputs) {
  for (const input of inputs) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match) continue;
    if (!BUNDLED_PACKAGES.includes(match[1]))
      throw new Error(`${bundleName}.js bundles ${match[1]}, which must stay external`);
    const sharedOnly =
      bundleName !== 'bundle' && (match[1] !== '@opentelemetry/core' || /global-error-handler/.test(input));
    if (sharedOnly)
      throw new Error(`${bundleName}.js bundles its own ${input}; import it from a start-up module`);
  }
}

/** A CommonJS entry re-exporting `names` from what `loader` returns, as cjs-module-lexer reads it. */
function thinEntry(description, bundlePath, loader, names) {
  const lines = [
    '"use strict";',
    `// ${description}: re-exports from the one bundle (src/entry/bundle.ts, scripts/build-package.mjs).`,
    'Object.defineProperty(exports, "__esModule", { value: true });',
    `const entry = require(${JSON.stringify(bundlePath)}).${loader}();`,
    ...names.map(
      (name) =>
        `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: function () { return entry.${name}; } });`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function writeThinEntries() {
  const bundle = createRequire(import.meta.url)(join(entryOut, 'bundle.js'));
  const entries = [
    ['genai-otel', join(root, 'dist/src/index.js'), './entry/bundle.js', 'loadRoot'],
    ['genai-otel/bridge', join(entryOut, 'bridge.js'), './bundle.js', 'loadBridge'],
    ['genai-otel/sdk', join(entryOut, 'sdk.js'), './bundle.js', 'loadSdk'],
    ['genai-otel/cost', join(entryOut, 'cost.js'), './bundle.js', 'loadCost'],
  ];
  for (const [name, file, bundlePath, loader] of entries) {
    const names = Object.keys(bundle[loader]()).filter((key) => key !== '__esModule');
    await writeFile(file, thinEntry(name, bundlePath, loader, names));
    await rm(`${file}.map`, { force: true });
  }
}

/** The register entries: the disabled check inlined, `./bundle` left to load at run time. */
async function buildRegisterEntries() {
  const bundleExternal = {
    name: 'bundle-external',
    setup(build) {
      build.onResolve({ filter: /^\.\/bundle(\.js)?$/ }, () => ({ path: './bundle.js', external: true }));
    },
  };
  const shared = { ...common, external: EXTERNAL_PACKAGES, plugins: [bundleExternal] };
  await esbuild.build({
    ...shared,
    entryPoints: [join(root, 'src/entry/register-require.ts')],
    outfile: join(entryOut, 'register-require.js'),
    format: 'cjs',
  });
  await esbuild.build({
    ...shared,
    entryPoints: [join(root, 'src/entry/register-import.mts')],
    outfile: join(entryOut, 'register-import.mjs'),
    format: 'esm',
  });
  await rm(join(entryOut, 'register-require.js.map'), { force: true });
  await rm(join(entryOut, 'register-import.mjs.map'), { force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildBundles();
  await writeThinEntries();
  await buildRegisterEntries();
}
