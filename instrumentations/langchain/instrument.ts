import { LangChainInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.langchain-instrumentation.v1');

type GlobalWithInstance = typeof globalThis & { [SHARED_INSTANCE_KEY]?: LangChainInstrumentation };

/**
 * The process-wide LangChainInstrumentation that `register()` enables and
 * {@link instrumentLangChain} uses, kept on `globalThis` so that CJS and ESM copies share it.
 */
export function getSharedLangChainInstrumentation(): LangChainInstrumentation {
  const holder = globalThis as GlobalWithInstance;
  holder[SHARED_INSTANCE_KEY] ??= new LangChainInstrumentation();
  return holder[SHARED_INSTANCE_KEY];
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
