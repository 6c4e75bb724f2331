import { patchManually, sharedInstrumentation } from '../../src/genai/shared-instrumentation';
import { AnthropicInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.anthropic-instrumentation.v1');

/** The process-wide AnthropicInstrumentation that `register()` enables and {@link instrument} uses. */
export function getSharedAnthropicInstrumentation(): AnthropicInstrumentation {
  return sharedInstrumentation(SHARED_INSTANCE_KEY, () => new AnthropicInstrumentation());
}

/**
 * Instruments an `@anthropic-ai/sdk` module or `Anthropic` class that module hooks cannot see:
 * bundled apps (esbuild, webpack, Next.js), or an SDK copy loaded under another name. The Bedrock
 * and Vertex clients use the same SDK's classes, so instrumenting `Anthropic` covers them. Safe
 * to call more than once and together with `register()`: nothing is patched twice.
 *
 * @example
 * import Anthropic from '@anthropic-ai/sdk';
 * import { register, instrumentAnthropic } from 'genai-otel';
 * register();
 * instrumentAnthropic(Anthropic);
 *
 * @returns the instrumentation instance, to disable or reconfigure it.
 */
export function instrument(moduleOrAnthropicClass: unknown): AnthropicInstrumentation {
  return patchManually(getSharedAnthropicInstrumentation(), moduleOrAnthropicClass);
}
