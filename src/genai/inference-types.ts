import type { Attributes } from '@opentelemetry/api';
import type { ChatMessage, MessagePart, OutputMessage, ToolDefinition } from './message-parts';

/**
 * What an instrumentation (or the manual API) knows about a GenAI call before it is sent.
 * Provider-neutral: each provider maps its own parameters onto these fields.
 */
export interface InferenceRequest {
  /** `gen_ai.operation.name`: `chat`, `embeddings`, `text_completion`, … */
  operationName: string;
  /** `gen_ai.provider.name`: `openai`, `azure.ai.openai`, …; unset only when the caller does not know it. */
  providerName?: string;
  requestModel?: string;
  serverAddress?: string;
  serverPort?: number;
  /** True only for streaming requests (the conventions leave the attribute unset otherwise). */
  stream?: boolean;
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  seed?: number;
  stopSequences?: string[];
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** Recorded only when it is not 1, as the conventions ask. */
  choiceCount?: number;
  /** `text`, `json`, `image`, `speech`. */
  outputType?: string;
  reasoningLevel?: string;
  encodingFormats?: string[];
  conversationId?: string;
  previousResponseId?: string;
  /** Provider-specific span attributes known at start (`openai.api.type`, service tier, …). */
  attributes?: Attributes;
  /**
   * The request's content in the conventions' shapes. A function, so that converting (and copying)
   * prompts costs nothing when content capture is off.
   */
  content?: () => RequestContent;
}

export interface RequestContent {
  inputMessages?: ChatMessage[];
  /** Instructions given apart from the history (e.g. OpenAI Responses `instructions`). */
  systemInstructions?: MessagePart[];
  toolDefinitions?: ToolDefinition[];
}

/** Token counts as the provider reported them (billable counts; never estimated). */
export interface TokenUsage {
  /** Includes cached tokens, as the conventions require. */
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  reasoningOutputTokens?: number;
}

/** What became known from the response (or from the stream so far). */
export interface InferenceResult {
  responseId?: string;
  responseModel?: string;
  /** One per choice, in choice order; already normalised (see finish-reason.ts). */
  finishReasons?: string[];
  usage?: TokenUsage;
  conversationId?: string;
  embeddingDimensions?: number;
  /** Output messages, built only when content capture is on. */
  outputMessages?: () => OutputMessage[];
  /**
   * Provider-specific span attributes (`openai.response.service_tier`, …). Span only: metrics carry
   * just the attributes their GenAI convention lists (see InferenceRecording's metric recording).
   */
  attributes?: Attributes;
  /**
   * Set when the provider answered but reported a failure in the payload (e.g. a Responses API
   * `response.failed`): the span gets status ERROR and this `error.type`.
   */
  errorType?: string;
  errorMessage?: string;
}
