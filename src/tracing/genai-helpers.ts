import type { Attributes } from '@opentelemetry/api';
import type { SpanOptions } from './span-options';
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
    name ? `invoke_agent ${name}` : 'invoke_agent',
    'agent',
    rest,
    {
      'gen_ai.agent.name': name,
      'gen_ai.agent.id': id,
      'gen_ai.agent.description': description,
      'gen_ai.agent.version': version,
      'gen_ai.provider.name': provider,
      'gen_ai.request.model': model,
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
    `execute_tool ${name}`,
    'tool',
    rest,
    {
      'gen_ai.tool.name': name,
      'gen_ai.tool.call.id': callId,
      'gen_ai.tool.description': description,
      'gen_ai.tool.type': type,
    },
    'arguments' in options ? () => args : undefined,
    fn,
  );
}

/** Runs `fn` in an `embeddings {model}` span (CLIENT). Returned vectors are not recorded, only their dimension. */
export function withEmbeddings<T>(options: EmbeddingsOptions, fn: (span: TracedSpan) => T): T {
  const { provider, model, dimensionCount, encodingFormats, input, ...rest } = options;
  return run(
    model ? `embeddings ${model}` : 'embeddings',
    'embeddings',
    rest,
    {
      'gen_ai.provider.name': provider,
      'gen_ai.request.model': model,
      'gen_ai.embeddings.dimension.count': dimensionCount,
      'gen_ai.request.encoding_formats': encodingFormats,
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
    dataSourceId ? `retrieval ${dataSourceId}` : 'retrieval',
    'retrieval',
    rest,
    {
      'gen_ai.data_source.id': dataSourceId,
      'gen_ai.request.top_k': topK,
      'gen_ai.provider.name': provider,
      'gen_ai.request.model': model,
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
    `invoke_workflow ${name}`,
    'workflow',
    rest,
    { 'gen_ai.workflow.name': name },
    'input' in options ? () => input : undefined,
    fn,
  );
}

function run<T>(
  name: string,
  kind: SpanOptions['kind'],
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
    name,
    { ...options, kind, attributes: { ...attributes, ...options.attributes } },
    readInput,
    fn,
  );
}
