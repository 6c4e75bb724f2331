import { patchManually, sharedInstrumentation } from '../../src/genai/shared-instrumentation';
import { AISdkInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.ai-sdk-instrumentation.v1');

/** The process-wide AISdkInstrumentation that `register()` enables and {@link instrumentAISdk} uses. */
export function getSharedAISdkInstrumentation(): AISdkInstrumentation {
  return sharedInstrumentation(SHARED_INSTANCE_KEY, () => new AISdkInstrumentation());
}

/**
 * Registers genai-otel's AI SDK telemetry integration with an `ai` 7.x module that module hooks
 * cannot see (bundled apps). Safe to call more than once and together with `register()`: the
 * integration is registered once.
 *
 * @example
 * import * as ai from 'ai';
 * import { register, instrumentAISdk } from 'genai-otel';
 * register();
 * instrumentAISdk(ai);
 */
export function instrumentAISdk(aiModule: unknown): AISdkInstrumentation {
  return patchManually(getSharedAISdkInstrumentation(), aiModule);
}
