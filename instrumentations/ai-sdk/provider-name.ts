import {
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
  GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from '../../src/genai/semconv';

/**
 * AI SDK provider ids (`openai.responses`, `anthropic.messages`, `google.vertex.chat`, …) by the
 * prefix that names the service, most specific first; the value is `gen_ai.provider.name`.
 */
const PROVIDER_NAME_BY_PREFIX: ReadonlyArray<readonly [string, string]> = [
  ['google.vertex', GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI],
  ['google-vertex', GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI],
  ['vertex', GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI],
  ['google.generative-ai', GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI],
  ['google', GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI],
  ['amazon-bedrock', GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK],
  ['bedrock', GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK],
  ['azure-openai', GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI],
  ['azure', GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI],
  ['anthropic', GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC],
  ['openai', GEN_AI_PROVIDER_NAME_VALUE_OPENAI],
  ['mistral', 'mistral_ai'],
  ['cohere', 'cohere'],
  ['groq', 'groq'],
  ['deepseek', 'deepseek'],
  ['perplexity', 'perplexity'],
  ['xai', 'x_ai'],
];

/**
 * `gen_ai.provider.name` for an AI SDK model's provider id: `openai.responses` → `openai`,
 * `anthropic.messages` → `anthropic`, `google.generative-ai` → `gcp.gemini`, `amazon-bedrock` →
 * `aws.bedrock`, …; an id we do not know (a custom or OpenAI-compatible provider) as it is.
 */
export function providerNameOf(providerId: string): string {
  const id = providerId.toLowerCase();
  for (const [prefix, name] of PROVIDER_NAME_BY_PREFIX) {
    if (id === prefix || id.startsWith(`${prefix}.`) || id.startsWith(`${prefix}-`)) return name;
  }
  return providerId;
}
