/**
 * genai-otel: OpenTelemetry traces and metrics for LLM applications.
 *
 * This root entry is the application API: set-up, instrumentations, manual tracing, context,
 * content capture, events and request hooks. Integrator pieces live on subpaths:
 * `genai-otel/sdk` (span processors, console tree exporter), `genai-otel/bridge` (event-source
 * bridges, RunTracker) and `genai-otel/cost` (cost attributes, computeLLMCost, pricing overrides).
 * Everything not exported from an entry is internal.
 *
 * The file is grouped in sections; add new names to the section they belong to.
 * @module genai-otel
 */

// ── Set-up and configuration ────────────────────────────────────────────────────────────────────

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
export { type DoctorOptions, type DoctorReport, getDoctorReport } from './doctor/doctor-report';
export type { GenAIConventions } from './genai/semconv-version';
export type { HookModulePaths } from './hooks/hook-modules';
export type { GenAIOtelHandle } from './process-state';
export { register } from './register';

// ── Instrumentations: one block per instrumented library ─────────────────────────────────────────

export {
  AISdkInstrumentation,
  type AISdkInstrumentationConfig,
  AISdkLegacySpanProcessor,
  instrumentAISdk,
} from '../instrumentations/ai-sdk';
export {
  AnthropicInstrumentation,
  type AnthropicInstrumentationConfig,
  type AnthropicRequestHookInfo,
  type AnthropicResponseHookInfo,
  instrument as instrumentAnthropic,
} from '../instrumentations/anthropic';
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
export { instrumentMCP, MCPInstrumentation, type MCPInstrumentationConfig } from '../instrumentations/mcp';
export {
  instrument as instrumentOpenAI,
  OpenAIInstrumentation,
  type OpenAIInstrumentationConfig,
  type OpenAIRequestHookInfo,
  type OpenAIResponseHookInfo,
} from '../instrumentations/openai';
export {
  instrumentOpenAIAgents,
  OpenAIAgentsInstrumentation,
  type OpenAIAgentsInstrumentationConfig,
} from '../instrumentations/openai-agents';

// ── Manual tracing ───────────────────────────────────────────────────────────────────────────────

export { type SafeJsonOptions, safeJsonStringify } from './content/safe-json';
export type { TokenUsage } from './genai/inference-types';
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
export type { ExplicitParent, SpanOptions, StartSpanOptions, TracedKind } from './tracing/span-options';
export { startSpan } from './tracing/start-span';
export {
  type TraceAttributes,
  type TraceAttributesOptions,
  withTraceAttributes,
} from './tracing/trace-attributes';
export { type TracedOptions, traced } from './tracing/traced';
export type { TracedSpan } from './tracing/traced-span';
export {
  type LLMCallOptions,
  type LLMCallSpan,
  type LLMResponse,
  withLLMCall,
} from './tracing/with-llm-call';

// ── Context across async work, workers and processes ─────────────────────────────────────────────

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

// ── Content capture and redaction ────────────────────────────────────────────────────────────────

export type { ContentCaptureMode } from './config/content-capture';
export { setContentCapture, shouldCaptureContent, withContentCapture } from './content/capture-policy';
export type { ContentOffloadOptions } from './content/content-offload';
export type { ContentStore, OffloadedContent } from './content/content-store';
export { FileSystemContentStore } from './content/filesystem-content-store';
export type {
  BuiltinRedactionPattern,
  RedactionHook,
  RedactionOptions,
  RedactionTarget,
} from './redaction/redaction-options';
export { type EvaluationResult, recordEvaluation } from './tracing/record-evaluation';

// ── Events ───────────────────────────────────────────────────────────────────────────────────────

export {
  type EventHandler,
  type EventStats,
  flushEvents,
  getEventStats,
  type SubscribeOptions,
} from './events/event-bus';
export type { EventFilter, EventTypePattern } from './events/event-filter';
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

// ── Request and response hooks ───────────────────────────────────────────────────────────────────

export {
  type AfterResponseHook,
  addRequestHooks,
  type BeforeRequestHook,
  clearRequestHooks,
  type RequestHooks,
  type RequestInfo,
  type ResponseInfo,
} from './hooks/request-hooks';

// ── Deprecated: moved to subpaths in 0.2.0, removed from the root in 0.3.0 ──────────────────────

export {
  /** @deprecated Import from `genai-otel/bridge`; the root re-export goes in 0.3.0. */
  type BridgedEventKind,
  /** @deprecated Import from `genai-otel/bridge`; the root re-export goes in 0.3.0. */
  EventSourceBridge,
  /** @deprecated Import from `genai-otel/bridge`; the root re-export goes in 0.3.0. */
  type EventSourceBridgeOptions,
  /** @deprecated Import from `genai-otel/bridge`; the root re-export goes in 0.3.0. */
  type RunEndOptions,
  /** @deprecated Import from `genai-otel/bridge`; the root re-export goes in 0.3.0. */
  type RunStartOptions,
  /** @deprecated Import from `genai-otel/bridge`; the root re-export goes in 0.3.0. */
  RunTracker,
  /** @deprecated Import from `genai-otel/bridge`; the root re-export goes in 0.3.0. */
  type RunTrackerOptions,
} from './entry/bridge';
export {
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  ATTR_GENAI_OTEL_COST_INPUT_USD,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  ATTR_GENAI_OTEL_COST_OUTPUT_USD,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  ATTR_GENAI_OTEL_COST_SOURCE,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  ATTR_GENAI_OTEL_COST_USD,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  type CostQuery,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  computeLLMCost,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  getPricingOverrides,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  type LLMCost,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  METRIC_GENAI_OTEL_CLIENT_COST,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  type ModelPrice,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  type PricingOverrides,
  /** @deprecated Import from `genai-otel/cost`; the root re-export goes in 0.3.0. */
  setPricingOverrides,
} from './entry/cost';
export {
  /** @deprecated Import from `genai-otel/sdk`; the root re-export goes in 0.3.0. */
  ConsoleTreeExporter,
  /** @deprecated Import from `genai-otel/sdk`; the root re-export goes in 0.3.0. */
  type ConsoleTreeExporterOptions,
  /** @deprecated Import from `genai-otel/sdk`; the root re-export goes in 0.3.0. */
  createRedactingSpanProcessor,
  /** @deprecated Import from `genai-otel/sdk`; the root re-export goes in 0.3.0. */
  GenAIEventSpanProcessor,
  /** @deprecated Import from `genai-otel/sdk`; the root re-export goes in 0.3.0. */
  TraceAttributesSpanProcessor,
  /** @deprecated Import from `genai-otel/sdk`; the root re-export goes in 0.3.0. */
  type TraceAttributesSpanProcessorOptions,
} from './entry/sdk';
