/**
 * One in-process setup for the Agents SDK tests of a file: the shared test telemetry, then the
 * Agents SDK and OpenAI instrumentations enabled BEFORE @openai/agents is required, so that the
 * require hooks see @openai/agents-core and openai exactly as `--require genai-otel/register` does.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { OpenAIInstrumentation } from '../../../instrumentations/openai';
import { OpenAIAgentsInstrumentation } from '../../../instrumentations/openai-agents';
import { meterProvider, resetTelemetry, tracerProvider } from '../../support/instrumentation-telemetry';

export const agentsInstrumentation = new OpenAIAgentsInstrumentation();
export const openaiInstrumentation = new OpenAIInstrumentation();
for (const instrumentation of [agentsInstrumentation, openaiInstrumentation]) {
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setMeterProvider(meterProvider);
  instrumentation.enable();
}

/** Clears spans and metrics between tests and points both instrumentations at the fresh meters. */
export function resetAgentsTelemetry(): void {
  resetTelemetry([agentsInstrumentation, openaiInstrumentation]);
}

const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

export const agents = requireFromRoot('@openai/agents') as typeof import('@openai/agents');
export const OpenAI = (requireFromRoot('openai') as typeof import('openai')).OpenAI;
export const z = (requireFromRoot('zod') as typeof import('zod')).z;

// The SDK turns its tracing off when NODE_ENV is `test` (as under vitest); these tests are about it.
agents.setTracingDisabled(false);
// No export to OpenAI's trace viewer from tests (there is no network); our processor stays.
agents.setTraceProcessors([]);

/** Points the SDK's default OpenAI client at the local wire server. */
export function useWireServerClient(baseURL: string): void {
  agents.setDefaultOpenAIClient(new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0 }));
}
