/**
 * `gen_ai.provider.name` values (semantic conventions) → provider ids of the
 * `@pydantic/genai-prices` catalogue. A provider not listed here is never priced from the
 * catalogue: matching on the model name alone would price a self-hosted `gpt-oss-20b` at some
 * cloud's rate, and a made-up cost is worse than none. Overrides still apply.
 */
const CATALOGUE_PROVIDER: Readonly<Record<string, string>> = {
  openai: 'openai',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  anthropic: 'anthropic',
  'aws.bedrock': 'aws',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  mistral_ai: 'mistral',
  groq: 'groq',
  deepseek: 'deepseek',
  x_ai: 'x-ai',
  perplexity: 'perplexity',
  cohere: 'cohere',
  openrouter: 'openrouter',
  together: 'together',
  fireworks: 'fireworks',
  cerebras: 'cerebras',
  moonshotai: 'moonshotai',
};

export function catalogueProviderId(provider: string | undefined): string | undefined {
  return provider === undefined ? undefined : CATALOGUE_PROVIDER[provider];
}
