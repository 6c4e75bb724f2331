import { patchManually, sharedInstrumentation } from '../../src/genai/shared-instrumentation';
import { OpenAIInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.openai-instrumentation.v1');

/** The process-wide OpenAIInstrumentation that `register()` enables and {@link instrument} uses. */
export function getSharedOpenAIInstrumentation(): OpenAIInstrumentation {
  return sharedInstrumentation(SHARED_INSTANCE_KEY, () => new OpenAIInstrumentation());
}

/**
 * Instruments an `openai` module or `OpenAI` class that module hooks cannot see: bundled apps
 * (esbuild, webpack, Next.js), or an SDK copy loaded under another name. Safe to call more than
 * once and together with `register()`: nothing is patched twice.
 *
 * @example
 * import OpenAI from 'openai';
 * import { register, instrumentOpenAI } from 'genai-otel';
 * register();
 * instrumentOpenAI(OpenAI);
 *
 * @returns the instrumentation instance, to disable or reconfigure it.
 */
export function instrument(moduleOrOpenAIClass: unknown): OpenAIInstrumentation {
  return patchManually(getSharedOpenAIInstrumentation(), moduleOrOpenAIClass);
}
