import { patchManually, sharedInstrumentation } from '../../src/genai/shared-instrumentation';
import { GoogleGenAIInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.google-genai-instrumentation.v1');

/** The process-wide GoogleGenAIInstrumentation that `register()` enables and {@link instrument} uses. */
export function getSharedGoogleGenAIInstrumentation(): GoogleGenAIInstrumentation {
  return sharedInstrumentation(SHARED_INSTANCE_KEY, () => new GoogleGenAIInstrumentation());
}

/**
 * Instruments an `@google/genai` module that module hooks cannot see: bundled apps (esbuild,
 * webpack, Next.js), or an SDK copy loaded under another name. Pass the module namespace (it
 * exports the `Models` class whose methods are patched) or a `GoogleGenAI` client; the
 * `GoogleGenAI` class alone does not lead to them. Every client of that SDK copy is traced, made
 * before or after. Safe to call more than once and together with `register()`: nothing is patched
 * twice.
 *
 * @example
 * import * as genai from '@google/genai';
 * import { register, instrumentGoogleGenAI } from 'genai-otel';
 * register();
 * instrumentGoogleGenAI(genai);
 *
 * @returns the instrumentation instance, to disable or reconfigure it.
 */
export function instrument(googleGenAIModuleOrClient: unknown): GoogleGenAIInstrumentation {
  return patchManually(getSharedGoogleGenAIInstrumentation(), googleGenAIModuleOrClient);
}
