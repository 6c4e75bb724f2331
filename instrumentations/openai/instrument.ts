import { OpenAIInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.openai-instrumentation.v1');

type GlobalWithInstance = typeof globalThis & { [SHARED_INSTANCE_KEY]?: OpenAIInstrumentation };

/**
 * The process-wide OpenAIInstrumentation that `register()` enables and {@link instrument} uses,
 * kept on `globalThis` so that CJS and ESM copies of genai-otel share it.
 */
export function getSharedOpenAIInstrumentation(): OpenAIInstrumentation {
  const holder = globalThis as GlobalWithInstance;
  holder[SHARED_INSTANCE_KEY] ??= new OpenAIInstrumentation();
  return holder[SHARED_INSTANCE_KEY];
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
  const instrumentation = getSharedOpenAIInstrumentation();
  try {
    instrumentation.patch(moduleOrOpenAIClass);
  } catch (error) {
    // Never break the app over telemetry; the instrumentation's diag logger names the cause.
    instrumentation.reportPatchFailure(error);
  }
  return instrumentation;
}
