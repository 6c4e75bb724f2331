/**
 * The parts of the AI SDK v7 telemetry events we read, declared here rather than imported from
 * `ai` (an optional peer that may be absent or another major). Every field is read defensively.
 */

/** Fields every v7 event carries once the SDK's dispatcher has augmented it. */
export interface EventBase {
  callId: string;
  /** Set by `ai` 7.x (`InferTelemetryEvent`); absent from the v6 integration events. */
  aiVersion?: string;
  functionId?: string;
  /** epoch ms, when the event is reported after the fact. */
  timestamp?: number;
}

export interface OperationStartEvent extends EventBase {
  operationId: string;
  provider?: string;
  modelId?: string;
  instructions?: unknown;
  system?: unknown;
  prompt?: unknown;
  messages?: unknown;
  tools?: Record<string, unknown> | unknown[];
  value?: unknown;
}

export interface OperationEndEvent extends EventBase {
  operationId?: string;
  text?: string;
  object?: unknown;
}

export interface ModelCallStartEvent extends EventBase {
  provider: string;
  modelId: string;
  instructions?: unknown;
  messages?: unknown;
  tools?: ReadonlyArray<Record<string, unknown>>;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stopSequences?: string[];
  seed?: number;
  reasoning?: string;
}

export interface LanguageModelUsageLike {
  inputTokens?: number;
  outputTokens?: number;
  inputTokenDetails?: { noCacheTokens?: number; cacheReadTokens?: number; cacheWriteTokens?: number };
  outputTokenDetails?: { textTokens?: number; reasoningTokens?: number };
  /** @deprecated fields of earlier 7.x/6.x usage objects. */
  reasoningTokens?: number;
  cachedInputTokens?: number;
}

export interface ContentPartLike {
  type: string;
  text?: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  output?: unknown;
  error?: unknown;
  providerExecuted?: boolean;
}

export interface ModelCallEndEvent extends EventBase {
  provider: string;
  modelId: string;
  finishReason?: string;
  usage?: LanguageModelUsageLike;
  content?: ReadonlyArray<ContentPartLike>;
  responseId?: string;
  request?: { url?: string };
}

export interface ToolCallLike {
  toolCallId: string;
  toolName: string;
  input?: unknown;
  providerExecuted?: boolean;
}

export interface ToolExecutionStartEvent extends EventBase {
  toolCall: ToolCallLike;
}

export interface ToolExecutionEndEvent extends EventBase {
  toolCall: ToolCallLike;
  /** `tool-result` with `output`, or `tool-error` with a stand-in `error` (the SDK hides the real one). */
  toolOutput?: { type?: string; output?: unknown; error?: unknown };
}

export interface EmbedCallStartEvent extends EventBase {
  embedCallId: string;
  provider: string;
  modelId: string;
  values?: unknown[];
  dimensions?: number;
}

export interface EmbedCallEndEvent extends EventBase {
  embedCallId: string;
  modelId?: string;
  embeddings?: unknown[];
  usage?: { tokens?: number };
}

export interface ErrorEvent extends EventBase {
  error?: unknown;
}

export interface AbortEvent extends EventBase {
  reason?: unknown;
}

/** What `executeLanguageModelCall` / `executeTool` receive: the start event plus the work to run. */
export type ExecuteOptions<Event, T> = Partial<Event> & {
  callId: string;
  execute: () => PromiseLike<T>;
};

/** The v4 provider stream part shapes whose arrival counts as an output chunk. */
export interface ProviderStreamPart {
  type: string;
  delta?: string;
  error?: unknown;
}

/** `onObjectStepStart` of the (deprecated) `generateObject` / `streamObject`, which have no execute wrapper. */
export interface ObjectStepStartEvent extends EventBase {
  provider: string;
  modelId: string;
  /** The provider-level prompt (system, user, assistant and tool messages). */
  promptMessages?: unknown;
}

export interface ObjectStepEndEvent extends EventBase {
  finishReason?: string;
  usage?: LanguageModelUsageLike;
  objectText?: string;
  response?: { id?: string; modelId?: string };
}
