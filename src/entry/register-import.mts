/**
 * `node --import genai-otel/register app.mjs`: installs the import-in-the-middle loader hooks, so
 * that ESM imports of instrumented packages are patched like `require()`d ones, then sets
 * genai-otel up from the environment exactly as the `--require` entry does (one shared CJS
 * implementation, so one process-wide state whichever entry ran).
 */
import { createRequire, register as registerLoader } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const require = createRequire(import.meta.url);

async function installEsmHooksThenRegister(): Promise<void> {
  const { diag } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { instrumentedModuleNames } =
    require('../instrumentation-registry.js') as typeof import('../instrumentation-registry.js');
  const { registerFromEntry } = require('../register.js') as typeof import('../register.js');
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
    if (!isMainThread) {
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

const { isDisabledByEnvironment, recordDisabledRegistration } =
  require('../disabled-registration.js') as typeof import('../disabled-registration.js');
if (isDisabledByEnvironment()) {
  // No loader hooks, no SDK: a disabled process starts almost as fast as bare node.
  recordDisabledRegistration('import-flag');
} else {
  const { isOptedOutWorker } =
    require('../context/worker-opt-out.js') as typeof import('../context/worker-opt-out.js');
  // Workers inherit --import; GENAI_OTEL_WORKER_THREADS=false leaves them untouched.
  if (!isOptedOutWorker()) await installEsmHooksThenRegister();
}
