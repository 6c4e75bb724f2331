/**
 * genai-otel: OpenTelemetry traces and metrics for LLM applications.
 * Public API; everything not exported here is internal.
 */

export {
  BedrockInstrumentation,
  type BedrockInstrumentationConfig,
  type BedrockRequestHookInfo,
  type BedrockResponseHookInfo,
  instrument as instrumentBedrock,
} from '../instrumentations/bedrock';
export {
  GoogleGenAIInstrumentation,
  type GoogleGenAIInstrumentationConfig,
  type GoogleGenAIRequestHookInfo,
  type GoogleGenAIResponseHookInfo,
  instrument as instrumentGoogleGenAI,
} from '../instrumentations/google-genai';
export {
  GenAIOtelCallbackHandler,
  type GenAIOtelCallbackHandlerOptions,
  instrumentLangChain,
  LangChainInstrumentation,
  type LangChainInstrumentationConfig,
} from '../instrumentations/langchain';
export {
  instrument as instrumentOpenAI,
  OpenAIInstrumentation,
  type OpenAIInstrumentationConfig,
  type OpenAIRequestHookInfo,
  type OpenAIResponseHookInfo,
} from '../instrumentations/openai';
export type {
  BatchOptions,
  ExporterName,
  LogLevelName,
  OtlpOptions,
  OtlpProtocol,
  RegisterOptions,
} from './config/register-options';
export {
  GENAI_OTEL_CONFIG_ENV,
  loadConfig,
  readSavedConfig,
  saveConfig,
} from './config/saved-config';
export { type SavedConfig, SavedConfigError } from './config/saved-config-schema';
export { setContentCapture, shouldCaptureContent, withContentCapture } from './content/capture-policy';
export { type SafeJsonOptions, safeJsonStringify } from './content/safe-json';
export { ATTR_LINK_DETACHED_FROM, startDetachedSpan } from './context/detached-trace';
export { extractTraceContextFromEnv, traceContextEnv } from './context/env-carrier';
export {
  extractTraceContext,
  type HeadersLike,
  injectTraceContext,
  type TraceCarrier,
  withExtractedContext,
} from './context/trace-carrier';
export { handleTaskWithContext, type TaskWithContext, withTaskContext } from './context/worker-task-context';
export {
  ATTR_GENAI_OTEL_COST_INPUT_USD,
  ATTR_GENAI_OTEL_COST_OUTPUT_USD,
  ATTR_GENAI_OTEL_COST_SOURCE,
  ATTR_GENAI_OTEL_COST_USD,
  METRIC_GENAI_OTEL_CLIENT_COST,
} from './cost/cost-recording';
export { type CostQuery, computeLLMCost, type LLMCost } from './cost/llm-cost';
export {
  getPricingOverrides,
  type ModelPrice,
  type PricingOverrides,
  setPricingOverrides,
} from './cost/pricing-overrides';
export {
  type EventHandler,
  type EventStats,
  flushEvents,
  getEventStats,
  type SubscribeOptions,
} from './events/event-bus';
export type { EventFilter, EventTypePattern } from './events/event-filter';
export {
  type BridgedEventKind,
  EventSourceBridge,
  type EventSourceBridgeOptions,
} from './events/event-source-bridge';
export { GenAIEventSpanProcessor } from './events/event-span-processor';
export {
  type EventStream,
  type EventStreamOptions,
  type EventsDroppedNotice,
  events,
} from './events/event-stream';
export type {
  AgentActionEvent,
  EventCategory,
  EventError,
  EventIdentity,
  GenAIEvent,
  GenAIEventOf,
  GenAIEventType,
  LLMTokenEvent,
  RunEvent,
  RunSummary,
  SpanEventType,
  SpanLifecycleEvent,
} from './events/event-types';
export {
  onAgentAction,
  onAgentError,
  onAgentFinish,
  onAgentStart,
  onEvent,
  onLLMEnd,
  onLLMError,
  onLLMFirstToken,
  onLLMStart,
  onLLMToken,
  onRetrievalEnd,
  onRunSummary,
  onToolEnd,
  onToolError,
  onToolStart,
  type Unsubscribe,
} from './events/subscriptions';
export { type LLMTokenReport, reportLLMToken } from './events/token-events';
export { type RunOptions, withRun } from './events/with-run';
export { ConsoleTreeExporter, type ConsoleTreeExporterOptions } from './exporters/console-tree-exporter';
export {
  type AfterResponseHook,
  addRequestHooks,
  type BeforeRequestHook,
  clearRequestHooks,
  type RequestHooks,
  type RequestInfo,
  type ResponseInfo,
} from './hooks/request-hooks';
export type { GenAIOtelHandle } from './process-state';
export { createRedactingSpanProcessor } from './redaction/create-redacting-span-processor';
export type {
  BuiltinRedactionPattern,
  RedactionHook,
  RedactionOptions,
  RedactionTarget,
} from './redaction/redaction-options';
export { register } from './register';
export { getActiveSpan } from './tracing/active-span';
export {
  type AgentOptions,
  type EmbeddingsOptions,
  type HelperSpanOptions,
  type RetrievalOptions,
  type ToolOptions,
  type WorkflowOptions,
  withAgent,
  withEmbeddings,
  withRetrieval,
  withTool,
  withWorkflow,
} from './tracing/genai-helpers';
export {
  type RunEndOptions,
  type RunStartOptions,
  RunTracker,
  type RunTrackerOptions,
} from './tracing/run-tracker';
export type { ExplicitParent, SpanOptions, StartSpanOptions, TracedKind } from './tracing/span-options';
export { startSpan } from './tracing/start-span';
export {
  type TraceAttributes,
  type TraceAttributesOptions,
  withTraceAttributes,
} from './tracing/trace-attributes';
export {
  TraceAttributesSpanProcessor,
  type TraceAttributesSpanProcessorOptions,
} from './tracing/trace-attributes-processor';
export { type TracedOptions, traced } from './tracing/traced';
export type { TracedSpan } from './tracing/traced-span';
export {
  type LLMCallOptions,
  type LLMCallSpan,
  type LLMResponse,
  withLLMCall,
} from './tracing/with-llm-call';
