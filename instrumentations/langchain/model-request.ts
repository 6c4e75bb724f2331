import type { InferenceRequest } from '../../src/genai/inference-types';
import type { ChatMessage, ToolDefinition } from '../../src/genai/message-parts';
import type { LangChainMessageLike, SerializedLike } from './internal-types';
import { toChatMessage } from './langchain-messages';

/**
 * LangChain's `ls_provider` metadata (set by every integration) → `gen_ai.provider.name`.
 * Unknown providers pass through as LangChain names them.
 */
const PROVIDER_NAMES: Record<string, string> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  anthropic: 'anthropic',
  google_genai: 'gcp.gen_ai',
  google_vertexai: 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  amazon_bedrock: 'aws.bedrock',
  mistralai: 'mistral_ai',
  groq: 'groq',
  cohere: 'cohere',
  deepseek: 'deepseek',
  xai: 'x_ai',
  perplexity: 'perplexity',
  ollama: 'ollama',
};

export interface ModelStart {
  serialized: SerializedLike | undefined;
  /** `extraParams` of handleChatModelStart / handleLLMStart: `invocation_params`, `options`. */
  extraParams: Record<string, unknown> | undefined;
  metadata: Record<string, unknown> | undefined;
  /** Chat models: the messages; LLMs: undefined (see `prompts`). */
  messages?: LangChainMessageLike[];
  prompts?: string[];
}

/** What the span of a LangChain model run starts with: model and parameters, lazily the content. */
export function modelRequest(start: ModelStart): InferenceRequest {
  const params = record(start.extraParams?.invocation_params) ?? {};
  const metadata = start.metadata ?? {};
  const kwargs = start.serialized?.kwargs ?? {};
  const lsProvider = text(metadata.ls_provider);
  const request: InferenceRequest = {
    operationName: start.messages !== undefined ? 'chat' : 'text_completion',
    providerName:
      (lsProvider && PROVIDER_NAMES[lsProvider]) ?? lsProvider ?? providerFromId(start.serialized),
    requestModel:
      text(metadata.ls_model_name) ?? text(params.model) ?? text(params.model_name) ?? text(kwargs.model),
    temperature: num(params.temperature) ?? num(metadata.ls_temperature),
    topP: num(params.top_p),
    topK: num(params.top_k),
    maxTokens: num(params.max_completion_tokens) ?? num(params.max_tokens) ?? num(metadata.ls_max_tokens),
    seed: num(params.seed),
    frequencyPenalty: num(params.frequency_penalty),
    presencePenalty: num(params.presence_penalty),
    stopSequences: stops(params.stop ?? metadata.ls_stop),
    choiceCount: num(params.n),
    stream: params.stream === true ? true : undefined,
    ...serverOf(kwargs),
  };
  const { messages, prompts } = start;
  const tools = params.tools;
  request.content = () => ({
    inputMessages:
      messages !== undefined
        ? messages.map(toChatMessage)
        : (prompts ?? []).map(
            (prompt): ChatMessage => ({ role: 'user', parts: [{ type: 'text', content: prompt }] }),
          ),
    toolDefinitions: toolDefinitions(tools),
  });
  return request;
}

/** `['langchain', 'chat_models', 'openai', 'ChatOpenAI']` → `openai`, when there is no `ls_provider`. */
function providerFromId(serialized: SerializedLike | undefined): string {
  const id = serialized?.id;
  if (Array.isArray(id) && id.length >= 4 && typeof id[2] === 'string') return PROVIDER_NAMES[id[2]] ?? id[2];
  return 'langchain';
}

/** `server.address`/`port` from the model's serialized client configuration (`configuration.baseURL`). */
function serverOf(kwargs: Record<string, unknown>): { serverAddress?: string; serverPort?: number } {
  const configuration = record(kwargs.configuration);
  const base = text(configuration?.baseURL) ?? text(kwargs.base_url) ?? text(kwargs.baseUrl);
  if (base === undefined) return {};
  try {
    const url = new URL(base);
    const port = url.port !== '' ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
    return { serverAddress: url.hostname, serverPort: port };
  } catch {
    return {};
  }
}

function toolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  return tools.flatMap((tool): ToolDefinition[] => {
    const fn = record(record(tool)?.function);
    const name = text(fn?.name) ?? text(record(tool)?.name);
    if (name === undefined) return [];
    return [
      {
        type: text(record(tool)?.type) ?? 'function',
        name,
        description: text(fn?.description) ?? text(record(tool)?.description),
        parameters: fn?.parameters ?? record(tool)?.parameters,
      },
    ];
  });
}

function stops(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'))
    return value;
  return undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
