/** The InvokeModel body formats this instrumentation reads, by model id. */
export type ModelFamily =
  | 'anthropic'
  | 'amazon-nova'
  | 'amazon-titan-text'
  | 'amazon-titan-embed'
  | 'meta-llama'
  | 'mistral'
  | 'cohere-command-r'
  | 'cohere-command';

/**
 * The body format of a model id: a plain id (`anthropic.claude-…`), a cross-region inference
 * profile (`us.anthropic.claude-…`, `global.…`) or an ARN ending in either. Undefined for
 * families whose bodies are not read (their spans carry the request model and errors only).
 */
export function modelFamilyOf(modelId: string | undefined): ModelFamily | undefined {
  if (modelId === undefined) return undefined;
  const name = modelId.slice(modelId.lastIndexOf('/') + 1);
  const base = name.replace(/^(us|eu|apac|us-gov|ca|jp|au|global)\./, '');
  if (base.startsWith('anthropic.')) return 'anthropic';
  if (base.startsWith('amazon.nova')) return 'amazon-nova';
  if (base.startsWith('amazon.titan-text')) return 'amazon-titan-text';
  if (base.startsWith('amazon.titan-embed-text')) return 'amazon-titan-embed';
  if (base.startsWith('meta.llama')) return 'meta-llama';
  if (base.startsWith('mistral.')) return 'mistral';
  if (base.startsWith('cohere.command-r')) return 'cohere-command-r';
  if (base.startsWith('cohere.command')) return 'cohere-command';
  return undefined;
}
