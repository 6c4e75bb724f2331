/**
 * genai-otel: OpenTelemetry traces and metrics for LLM applications.
 * Public API; everything not exported here is internal.
 */

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
export { setContentCapture, shouldCaptureContent, withContentCapture } from './content/capture-policy';
export { type SafeJsonOptions, safeJsonStringify } from './content/safe-json';
export { ConsoleTreeExporter, type ConsoleTreeExporterOptions } from './exporters/console-tree-exporter';
export type { GenAIOtelHandle } from './process-state';
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
