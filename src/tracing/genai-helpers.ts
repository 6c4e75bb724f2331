import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
} from '../genai/semconv';
import { genAISpanNameOf } from '../genai/span-name';
import { kindTraits } from './span-kinds';
import type { SpanOptions, TracedKind } from './span-options';
import { runInSpan } from './start-span';
import type { TracedSpan } from './traced-span';

/** Options every GenAI helper accepts besides its own fields. */
export type HelperSpanOptions = Omit<SpanOptions, 'kind'>;

/** An agent run: `invoke_agent {name}` (INTERNAL; pass `spanKind: SpanKind.CLIENT` for a remote agent). */
export interface AgentOptions extends HelperSpanOptions {
  name?: string;
  id?: string;
  description?: string;
  version?: string;
  /** `gen_ai.provider.name` of the model behind the agent, e.g. `openai`. */
  provider?: string;
  /** `gen_ai.request.model`. */
  model?: string;
  /** The agent's input (messages or text), recorded as `gen_ai.input.messages` when capture is on. */
  input?: unknown;
}

/** A tool execution: `execute_tool {name}`. */
export interface ToolOptions extends HelperSpanOptions {
  name: string;
  /** `gen_ai.tool.call.id`: the id of the model's tool call, to match it with the model span. */
  callId?: string;
  description?: string;
  /** `gen_ai.tool.type`, e.g. `function`, `extension`, `datastore`. */
  type?: string;
  /** Recorded as `gen_ai.tool.call.arguments` when capture is on. */
  arguments?: unknown;
}

/** An embeddings call to a model no instrumentation covers: `embeddings {model}`. */
export interface EmbeddingsOptions extends HelperSpanOptions {
  provider?: string;
  model?: string;
  /** `gen_ai.embeddings.dimension.count`; otherwise taken from a returned vector. */
  dimensionCount?: number;
  encodingFormats?: string[];
  /** The text(s) embedded, recorded when capture is on. */
  input?: unknown;
}

/** A retrieval from a data source: `retrieval {dataSourceId}`. */
export interface RetrievalOptions extends HelperSpanOptions {
  dataSourceId?: string;
  topK?: number;
  /** Recorded as `gen_ai.retrieval.query.text` when capture is on. */
  query?: unknown;
  provider?: string;
  model?: string;
}

/** A workflow: `invoke_workflow {name}`. */
export interface WorkflowOptions extends HelperSpanOptions {
  name: string;
  input?: unknown;
}

/**
 * Runs `fn` in an `invoke_agent {name}` span. What `fn` returns (text or messages) is recorded as
 * `gen_ai.output.messages` when capture is on.
 *
 * @example
 * const reply = await withAgent({ name: 'trip-planner', model: 'gpt-4o-mini' }, async () => runAgentLoop(question));
 */
export function withAgent<T>(options: AgentOptions, fn: (span: TracedSpan) => T): T {
  const { name, id, description, version, provider, model, input, ...rest } = options;
  return run(
    'agent',
    rest,
    {
      [ATTR_GEN_AI_AGENT_NAME]: name,
      [ATTR_GEN_AI_AGENT_ID]: id,
      [ATTR_GEN_AI_AGENT_DESCRIPTION]: description,
      [ATTR_GEN_AI_AGENT_VERSION]: version,
      [ATTR_GEN_AI_PROVIDER_NAME]: provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: model,
    },
    'input' in options ? () => input : undefined,
    fn,
  );
}

/**
 * Runs a tool in an `execute_tool {name}` span; arguments and the returned result are recorded
 * as `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result` only when content capture is on.
 *
 * @example
 * const weather = await withTool({ name: 'get_weather', callId: call.id, arguments: args }, () => getWeather(args));
 */
export function withTool<T>(options: ToolOptions, fn: (span: TracedSpan) => T): T {
  const { name, callId, description, type, arguments: args, ...rest } = options;
  return run(
    'tool',
    rest,
    {
      [ATTR_GEN_AI_TOOL_NAME]: name,
      [ATTR_GEN_AI_TOOL_CALL_ID]: callId,
      [ATTR_GEN_AI_TOOL_DESCRIPTION]: description,
      [ATTR_GEN_AI_TOOL_TYPE]: type,
    },
    'arguments' in options ? () => args : undefined,
    fn,
  );
}

/** Runs `fn` in an `embeddings {model}` span (CLIENT). Returned vectors are not recorded, only their dimension. */
export function withEmbeddings<T>(options: EmbeddingsOptions, fn: (span: TracedSpan) => T): T {
  const { provider, model, dimensionCount, encodingFormats, input, ...rest } = options;
  return run(
    'embeddings',
    rest,
    {
      [ATTR_GEN_AI_PROVIDER_NAME]: provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: model,
      [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: dimensionCount,
      [ATTR_GEN_AI_REQUEST_ENCODING_FORMATS]: encodingFormats,
    },
    'input' in options ? () => input : undefined,
    fn,
  );
}

/**
 * Runs `fn` in a `retrieval {dataSourceId}` span (CLIENT). The query and the returned documents
 * (`[{ id, score, … }]`) are recorded only when content capture is on.
 */
export function withRetrieval<T>(options: RetrievalOptions, fn: (span: TracedSpan) => T): T {
  const { dataSourceId, topK, query, provider, model, ...rest } = options;
  return run(
    'retrieval',
    rest,
    {
      [ATTR_GEN_AI_DATA_SOURCE_ID]: dataSourceId,
      [ATTR_GEN_AI_REQUEST_TOP_K]: topK,
      [ATTR_GEN_AI_PROVIDER_NAME]: provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: model,
    },
    'query' in options ? () => query : undefined,
    fn,
  );
}

/**
 * Runs `fn` in an `invoke_workflow {name}` span.
 *
 * @example
 * await withWorkflow('nightly-digest', async () => { … });
 */
export function withWorkflow<T>(nameOrOptions: string | WorkflowOptions, fn: (span: TracedSpan) => T): T {
  const options: WorkflowOptions =
    typeof nameOrOptions === 'string' ? { name: nameOrOptions } : nameOrOptions;
  const { name, input, ...rest } = options;
  return run(
    'workflow',
    rest,
    { [ATTR_GEN_AI_WORKFLOW_NAME]: name },
    'input' in options ? () => input : undefined,
    fn,
  );
}

/** Runs `fn` in a span of `kind`, named as the conventions name it from the helper's own attributes. */
function run<T>(
  kind: TracedKind,
  options: HelperSpanOptions,
  conventionAttributes: Record<string, Attributes[string]>,
  readInput: (() => unknown) | undefined,
  fn: (span: TracedSpan) => T,
): T {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(conventionAttributes)) {
    if (value !== undefined && value !== null) attributes[key] = value;
  }
  return runInSpan(
    genAISpanNameOf(kindTraits(kind).operationName ?? kind, attributes),
    { ...options, kind, attributes: { ...attributes, ...options.attributes } },
    readInput,
    fn,
  );
}
