import { getSharedOpenAIInstrumentation } from '../../../instrumentations/openai/instrument';
import type { RegisterOptions } from '../../../src/config/register-options';
import type { GenAIOtelHandle } from '../../../src/process-state';
import { register } from '../../../src/register';

/**
 * `register()` in this test process. Under vitest the registry's lazy `require` of the compiled
 * instrumentation paths cannot resolve `.ts` files, so the registry's entries are left out and the
 * same shared OpenAI instrumentation (and any others given) are handed in explicitly; everything else is what `register()`
 * does for users.
 */
export function registerForTests(options: RegisterOptions): GenAIOtelHandle {
  return register({
    diagLogger: false,
    flushOnExit: false,
    ...options,
    enabledInstrumentations: [],
    // A Set: a caller handing in the shared OpenAI instrumentation too must not register it twice.
    instrumentations: [...new Set([getSharedOpenAIInstrumentation(), ...(options.instrumentations ?? [])])],
  });
}
