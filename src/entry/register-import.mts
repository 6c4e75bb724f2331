/**
 * `node --import genai-otel/register app.mjs`: installs the import-in-the-middle loader hooks, so
 * that ESM imports of instrumented packages are patched like `require()`d ones, then sets
 * genai-otel up from the environment exactly as the `--require` entry does (one shared CJS
 * implementation, so one process-wide state whichever entry ran). The environment check is inlined
 * by the build; the rest comes from the bundle, loaded only when genai-otel is on.
 */
import { isDisabledByEnvironment, recordDisabledRegistration } from '../disabled-registration.js';

// Built-ins through process.getBuiltinModule rather than `import`: an ES module import of a
// built-in builds a module namespace over all its exports, and worker_threads is needed only when
// genai-otel is on.
const { createRequire, register: registerLoader } = process.getBuiltinModule('node:module');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const require = createRequire(import.meta.url);

async function installEsmHooksThenRegister(): Promise<void> {
  const { diag } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { instrumentedModuleNames, registerFromEntry } = loadBundle().loadRegisterEntry();
  try {
    // The hook must come from the copy of import-in-the-middle that @opentelemetry/instrumentation
    // loads, or the Hook() registrations of our instrumentations would never reach it.
    const fromInstrumentation = createRequire(require.resolve('@opentelemetry/instrumentation'));
    const include = instrumentedModuleNames();
    const syncHooksUrl = pathToFileURL(
      fromInstrumentation.resolve('import-in-the-middle/register-hooks.mjs'),
    ).href;
    const syncHooks = (await import(syncHooksUrl)) as {
      supportsSyncHooks(): boolean;
      register(options: { include: string[] }): void;
    };
    if (syncHooks.supportsSyncHooks()) {
      syncHooks.register({ include });
      registerFromEntry('import-flag', true);
      return;
    }
    if (!process.getBuiltinModule('node:worker_threads').isMainThread) {
      // module.register() loaders are process-wide; the main thread has installed it already.
      registerFromEntry('import-flag', true);
      return;
    }
    const iitm = fromInstrumentation('import-in-the-middle') as {
      createAddHookMessageChannel(): {
        registerOptions: object;
        waitForAllMessagesAcknowledged(): Promise<void>;
      };
    };
    const { registerOptions, waitForAllMessagesAcknowledged } = iitm.createAddHookMessageChannel();
    const asyncHookUrl = pathToFileURL(fromInstrumentation.resolve('import-in-the-middle/hook.mjs')).href;
    registerLoader(asyncHookUrl, import.meta.url, registerOptions);
    registerFromEntry('import-flag', true);
    await waitForAllMessagesAcknowledged();
  } catch (error) {
    diag.error(
      'genai-otel: could not install the ESM loader hooks; ESM imports will not be instrumented',
      error,
    );
    registerFromEntry('import-flag', false);
  }
}

/** The one CommonJS bundle every entry shares (see bundle.ts): one process-wide state. */
function loadBundle(): typeof import('./bundle.js') {
  return require('./bundle.js') as typeof import('./bundle.js');
}

if (isDisabledByEnvironment()) {
  // No loader hooks, no SDK: a disabled process starts almost as fast as bare node.
  recordDisabledRegistration('import-flag');
} else {
  const { isOptedOutWorker } = loadBundle().loadRegisterEntry();
  // Workers inherit --import; GENAI_OTEL_WORKER_THREADS=false leaves them untouched.
  if (!isOptedOutWorker()) await installEsmHooksThenRegister();
}
