import { sharedInstrumentation } from '../../src/genai/shared-instrumentation';
import { LangChainInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.langchain-instrumentation.v1');

/**
 * The process-wide LangChainInstrumentation that `register()` enables and
 * {@link instrumentLangChain} uses, shared by CJS and ESM copies of genai-otel.
 */
export function getSharedLangChainInstrumentation(): LangChainInstrumentation {
  return sharedInstrumentation(SHARED_INSTANCE_KEY, () => new LangChainInstrumentation());
}

/**
 * Instruments @langchain/core modules that module hooks cannot see (bundled apps). Safe to call
 * more than once and together with `register()`: nothing is patched twice.
 *
 * @example
 * import * as callbackManager from '@langchain/core/callbacks/manager';
 * import * as chatModels from '@langchain/core/language_models/chat_models';
 * import { register, instrumentLangChain } from 'genai-otel';
 * register();
 * instrumentLangChain({ callbackManager, chatModels });
 */
export function instrumentLangChain(modules: {
  callbackManager?: unknown;
  chatModels?: unknown;
  llms?: unknown;
}): LangChainInstrumentation {
  const instrumentation = getSharedLangChainInstrumentation();
  try {
    instrumentation.patchModules(modules);
  } catch {
    // Never break the app over telemetry; patchModules reports its own failures to diag.
  }
  return instrumentation;
}
