/**
 * The one module every package entry reaches (index, `register` for require and import, `bridge`,
 * `sdk`, `cost`). The build turns it, with what start-up runs and the OpenTelemetry SDK pieces it
 * loads, into one CommonJS file (`dist/src/entry/bundle.js`; the rest of src/ goes to
 * `on-demand.js` beside it, the instrumentations to `instrumentations.js`, see
 * scripts/build-package.mjs): a few files to load instead of ~250, and one copy of genai-otel's
 * module state whichever entry ran first.
 *
 * Each accessor `require()`s its module when called, so loading the bundle evaluates nothing:
 * `--require genai-otel/register` never evaluates the public API, the bridges or the
 * instrumentations an app does not use (the bundler keeps a lazily required module lazy).
 */

/** The root entry `genai-otel` (src/index.ts). */
export function loadRoot(): typeof import('../index') {
  return require('../index') as typeof import('../index');
}

/** `genai-otel/bridge`. */
export function loadBridge(): typeof import('./bridge') {
  return require('./bridge') as typeof import('./bridge');
}

/** `genai-otel/sdk`. */
export function loadSdk(): typeof import('./sdk') {
  return require('./sdk') as typeof import('./sdk');
}

/** `genai-otel/cost`. */
export function loadCost(): typeof import('./cost') {
  return require('./cost') as typeof import('./cost');
}

/** What the `register` entries start with: registration, the worker opt-out, the ESM hook list. */
export function loadRegisterEntry(): {
  registerFromEntry: typeof import('../register')['registerFromEntry'];
  isOptedOutWorker: typeof import('../context/worker-opt-out')['isOptedOutWorker'];
  instrumentedModuleNames: typeof import('../instrumentation-registry')['instrumentedModuleNames'];
} {
  const { registerFromEntry } = require('../register') as typeof import('../register');
  const { isOptedOutWorker } =
    require('../context/worker-opt-out') as typeof import('../context/worker-opt-out');
  const { instrumentedModuleNames } =
    require('../instrumentation-registry') as typeof import('../instrumentation-registry');
  return { registerFromEntry, isOptedOutWorker, instrumentedModuleNames };
}
