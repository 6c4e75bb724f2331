/**
 * The shapes of @langchain/core objects this instrumentation reads. Structural on purpose: the
 * CJS and ESM builds of @langchain/core (and nested copies) are different classes, and genai-otel
 * must not load @langchain/core at runtime.
 */

/** `Serialized` as callbacks receive it: `{ lc, type, id: [...namespace, ClassName], kwargs? }`. */
export interface SerializedLike {
  id?: string[];
  name?: string;
  kwargs?: Record<string, unknown>;
}

export interface ToolCallLike {
  id?: string;
  name: string;
  args?: unknown;
}

export interface LangChainMessageLike {
  content: unknown;
  id?: string;
  name?: string;
  type?: string;
  role?: string;
  tool_call_id?: string;
  tool_calls?: ToolCallLike[];
  response_metadata?: Record<string, unknown>;
  usage_metadata?: UsageMetadataLike;
  getType?(): string;
  _getType?(): string;
}

export interface UsageMetadataLike {
  input_tokens?: number;
  output_tokens?: number;
  input_token_details?: { cache_read?: number; cache_creation?: number };
  output_token_details?: { reasoning?: number };
}

export interface GenerationLike {
  text?: string;
  message?: LangChainMessageLike;
  generationInfo?: Record<string, unknown>;
}

/** `LLMResult`: generations per prompt (one prompt per run in practice). */
export interface LLMResultLike {
  generations?: GenerationLike[][];
  llmOutput?: Record<string, unknown>;
}

export interface DocumentLike {
  id?: string;
  pageContent?: string;
  metadata?: Record<string, unknown>;
}

/** The callback-manager surface we touch. */
export interface CallbackManagerLike {
  handlers?: unknown[];
  inheritableHandlers?: unknown[];
  addHandler?(handler: unknown, inherit?: boolean): void;
}

/** `CallbackManager` class: `_configureSync` is what `configure` and every run go through. */
export interface CallbackManagerClassLike {
  _configureSync?: (...args: unknown[]) => unknown;
}

/** `BaseChatModel` / `BaseLLM` classes: the model-call entry points we open an inference scope around. */
export interface LanguageModelClassLike {
  prototype: Record<string, unknown>;
}
