import { patchManually, sharedInstrumentation } from '../../src/genai/shared-instrumentation';
import { BedrockInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.bedrock-instrumentation.v1');

/** The process-wide BedrockInstrumentation that `register()` enables and {@link instrument} uses. */
export function getSharedBedrockInstrumentation(): BedrockInstrumentation {
  return sharedInstrumentation(SHARED_INSTANCE_KEY, () => new BedrockInstrumentation());
}

/**
 * Instruments an `@aws-sdk/client-bedrock-runtime` module that module hooks cannot see: bundled
 * apps (esbuild, webpack, Next.js), or an SDK copy loaded under another name. Pass the module
 * namespace or a `BedrockRuntimeClient`/`BedrockRuntime` client; every client of that class is
 * traced, made before or after. Safe to call more than once and together with `register()`.
 *
 * @example
 * import * as bedrock from '@aws-sdk/client-bedrock-runtime';
 * import { register, instrumentBedrock } from 'genai-otel';
 * register();
 * instrumentBedrock(bedrock);
 *
 * @returns the instrumentation instance, to disable or reconfigure it.
 */
export function instrument(bedrockModuleOrClient: unknown): BedrockInstrumentation {
  return patchManually(getSharedBedrockInstrumentation(), bedrockModuleOrClient);
}
