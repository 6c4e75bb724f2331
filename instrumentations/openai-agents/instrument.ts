import { sharedInstrumentation } from '../../src/genai/shared-instrumentation';
import { OpenAIAgentsInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.openai-agents-instrumentation.v1');

/**
 * The process-wide OpenAIAgentsInstrumentation that `register()` enables and
 * {@link instrumentOpenAIAgents} uses, shared by CJS and ESM copies of genai-otel.
 */
export function getSharedOpenAIAgentsInstrumentation(): OpenAIAgentsInstrumentation {
  return sharedInstrumentation(SHARED_INSTANCE_KEY, () => new OpenAIAgentsInstrumentation());
}

/**
 * Instruments an `@openai/agents-core` module that module hooks cannot see (bundled apps). Safe to
 * call more than once and together with `register()`: nothing is hooked twice.
 *
 * @example
 * import * as agentsCore from '@openai/agents-core';
 * import { register, instrumentOpenAIAgents } from 'genai-otel';
 * register();
 * instrumentOpenAIAgents(agentsCore);
 */
export function instrumentOpenAIAgents(agentsCore: unknown): OpenAIAgentsInstrumentation {
  const instrumentation = getSharedOpenAIAgentsInstrumentation();
  instrumentation.patch(agentsCore);
  return instrumentation;
}
