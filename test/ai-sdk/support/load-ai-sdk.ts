import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AISdkInstrumentation } from '../../../instrumentations/ai-sdk';

/**
 * The in-process setup of the AI SDK tests: the instrumentation is constructed BEFORE `ai` is
 * required, so that the require hook registers its integration as under `--require genai-otel/register`
 * (`ai` 7 is ESM only: this is Node's `require(esm)`, the path CommonJS apps take).
 */
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

export const instrumentation = new AISdkInstrumentation();
export const ai = requireFromRoot('ai') as typeof import('ai');
export const { createOpenAI } = requireFromRoot('@ai-sdk/openai') as typeof import('@ai-sdk/openai');
export const { createAnthropic } = requireFromRoot('@ai-sdk/anthropic') as typeof import('@ai-sdk/anthropic');
/** The newest `ai` 6.x, installed as `ai-v6`: spans only with `experimental_telemetry`. */
export const aiV6 = requireFromRoot('ai-v6') as typeof import('ai-v6');
