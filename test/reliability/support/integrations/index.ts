import { aiSdk } from './ai-sdk';
import { anthropic } from './anthropic';
import { bedrock } from './bedrock';
import { googleGenAI } from './google-genai';
import type { ReliabilityIntegration } from './integration-under-test';
import { openai } from './openai';
import { openaiAgents } from './openai-agents';

/** Every integration the reliability suite runs its checks over (one entry each). */
export const RELIABILITY_INTEGRATIONS: readonly ReliabilityIntegration[] = [
  openai,
  anthropic,
  googleGenAI,
  bedrock,
  aiSdk,
  openaiAgents,
];
