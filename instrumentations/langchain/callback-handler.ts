import { type Attributes, type Context, context, diag } from '@opentelemetry/api';
import { globalGenAITelemetry } from '../../src/genai/global-telemetry';
import { type GenAITelemetry, InferenceRecording } from '../../src/genai/inference-recording';
import { getInferenceScope } from '../../src/genai/inference-scope';
import type { InferenceResult } from '../../src/genai/inference-types';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_LANGGRAPH_CONTROL_FLOW,
  ATTR_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_SPAN_KIND,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
} from '../../src/genai/semconv';
import { genAISpanName } from '../../src/genai/span-name';
import { RunTracker, type RunTrackerOptions } from '../../src/inbound/run-tracker';
import { SkippedRuns } from '../../src/inbound/skipped-runs';
import { InferenceSpan } from '../../src/tracing/inference-span';
import { getTraceAttributes } from '../../src/tracing/trace-attributes';
import { type ChainRole, classifyChain, runNameOf } from './chain-classification';
import type { DocumentLike, LangChainMessageLike, LLMResultLike, SerializedLike } from './internal-types';
import { chainValueForRecording, isLangChainMessage } from './langchain-messages';
import { type ModelStart, modelRequest } from './model-request';
import { modelResult } from './model-result';

/** The instrumentation scope of the inference spans this handler starts. */
export const LANGCHAIN_INSTRUMENTATION_NAME = 'genai-otel/instrumentation-langchain';

/** The handler's `name`: LangChain keeps one handler per name, and we never attach two. */
export const GENAI_OTEL_HANDLER_NAME = 'genai_otel_langchain_handler';

/** LangGraph signals these by throwing; they are control flow (interrupts, hand-offs), not failures. */
const CONTROL_FLOW_ERRORS = new Set(['GraphInterrupt', 'NodeInterrupt', 'ParentCommand', 'GraphBubbleUp']);

/**
 * Per-run state is checked against the tracker once it grows past this: a run whose end never
 * comes (a `stream()` the caller broke out of) is closed by the tracker's timeout, and its entry
 * here must go too.
 */
const MIN_PRUNE_SIZE = 1_000;

/** Options of {@link GenAIOtelCallbackHandler}. */
export interface GenAIOtelCallbackHandlerOptions extends RunTrackerOptions {
  /** Tracer, meter and `diag` for the inference spans; default the global providers. */
  telemetry?: () => GenAITelemetry;
}

interface ChainRun {
  name: string;
  role: ChainRole;
  parentRunId: string | undefined;
  /** Set when a tool ran under it (or a legacy agent action came): shown as `invoke_agent`. */
  isAgent: boolean;
  /**
   * `gen_ai.provider.name` of the model calls made under it: one name, or `null` once calls of two
   * providers were seen (then the agent's provider is unknown and left unset).
   */
  providerName?: string | null;
}

interface ModelRun {
  recording?: InferenceRecording;
  pendingResult?: InferenceResult;
}

/**
 * A LangChain.js callback handler that turns runs into OpenTelemetry GenAI spans, parented by
 * `runId` / `parentRunId` through a {@link RunTracker}: chat models and LLMs become inference spans
 * (`chat {model}`, with parameters, usage, finish reasons and time to first token, recorded by
 * the same recorder as the OpenAI instrumentation), tools `execute_tool {name}`, retrievers
 * `retrieval {name}`, LangGraph graphs `invoke_workflow` / `invoke_agent`, nodes and named steps
 * task spans. Content (messages, tool arguments and results, queries, documents) only when capture
 * is on.
 *
 * Under `register()` (or with {@link LangChainInstrumentation}) it is attached to every run
 * automatically; pass it yourself only when you set OpenTelemetry up without the instrumentation.
 * It implements LangChain's handler interface without extending `BaseCallbackHandler`, so that
 * genai-otel never loads `@langchain/core` itself.
 *
 * @example
 * import { GenAIOtelCallbackHandler } from 'genai-otel';
 * await agent.invoke(input, { callbacks: [new GenAIOtelCallbackHandler()] });
 */
export class GenAIOtelCallbackHandler {
  readonly name = GENAI_OTEL_HANDLER_NAME;
  readonly lc_serializable = false;
  readonly ignoreLLM = false;
  readonly ignoreChain = false;
  readonly ignoreAgent = false;
  readonly ignoreRetriever = false;
  readonly ignoreCustomEvent = true;
  readonly raiseError = false;
  /**
   * Awaited, not queued in LangChain's background queue: spans must start in the order and the
   * async context the runs start in (the OpenAI call of a chat run has to see its span), and our
   * handlers never wait on I/O.
   */
  readonly awaitHandlers = true;

  private readonly runs: RunTracker;
  private readonly telemetry: () => GenAITelemetry;
  private readonly chains = new Map<string, ChainRun>();
  private readonly models = new Map<string, ModelRun>();
  /** Hidden runs (plumbing runnables), so their children attach to the nearest shown ancestor. */
  private readonly hidden = new SkippedRuns();
  private pruneAtSize = MIN_PRUNE_SIZE;

  constructor(options: GenAIOtelCallbackHandlerOptions = {}) {
    const { telemetry, ...trackerOptions } = options;
    // The tracker's default clock (Date.now) is the one the SDK anchors spans it times itself
    // (our inference spans) to, so siblings sort in the order they ran.
    this.runs = new RunTracker(trackerOptions);
    this.telemetry = telemetry ?? (() => globalGenAITelemetry(LANGCHAIN_INSTRUMENTATION_NAME));
  }

  /** LangChain copies handlers when it derives child managers; one instance keeps one run tree. */
  copy(): this {
    return this;
  }

  toJSON(): Record<string, unknown> {
    return { lc: 1, type: 'not_implemented', id: ['genai_otel', 'callbacks', 'GenAIOtelCallbackHandler'] };
  }

  /** Closes every open run (marked timed out); for shutdown. */
  closeAll(): void {
    this.runs.closeAll();
    this.chains.clear();
    this.models.clear();
    this.hidden.clear();
  }

  /**
   * The context with the span of the run a LangChain `RunnableConfig` belongs to (its callback
   * manager's parent run, or the nearest shown ancestor of it), to run that run's code in.
   */
  contextOfConfig(config: unknown): Context | undefined {
    try {
      const callbacks = (config as { callbacks?: { _parentRunId?: unknown } } | null | undefined)?.callbacks;
      const runId = callbacks?._parentRunId;
      if (typeof runId !== 'string') return undefined;
      const visible = this.hidden.visibleParent(runId);
      return visible === undefined ? undefined : this.runs.getContext(visible);
    } catch {
      return undefined;
    }
  }

  // --- chains, LangGraph graphs and nodes ---

  handleChainStart(
    serialized: SerializedLike | undefined,
    inputs: unknown,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    _runType?: string,
    runName?: string,
  ): void {
    this.guard('handleChainStart', () => {
      this.forgetAbandonedRuns();
      const parent = this.hidden.visibleParent(parentRunId);
      const name = runNameOf(serialized, runName);
      const role = classifyChain({
        serialized,
        runName: name,
        tags,
        metadata,
        hasParent: parent !== undefined,
      });
      if (role.kind === 'hidden') {
        this.hidden.skip(runId, parent);
        return;
      }
      this.chains.set(runId, { name, role, parentRunId: parent, isAgent: role.kind === 'agent' });
      const input = chainValueForRecording(inputs);
      if (role.kind === 'task') {
        this.runs.start(runId, parent, 'task', {}, { name, input });
      } else if (role.kind === 'agent') {
        this.runs.start(runId, parent, 'agent', { [ATTR_GEN_AI_AGENT_NAME]: name }, { input });
      } else {
        // `gen_ai.workflow.name` is set at the end: the conventions do not list it on agent spans,
        // and this span may yet turn out to be an agent (promoteIfAgent).
        const spanName = genAISpanName(GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW, name);
        this.runs.start(runId, parent, 'workflow', {}, { input, name: spanName });
      }
    });
  }

  handleChainEnd(outputs: unknown, runId: string): void {
    this.guard('handleChainEnd', () => {
      if (this.hidden.forget(runId)) return;
      const attributes = this.closingAttributes(runId);
      this.chains.delete(runId);
      this.runs.end(runId, chainValueForRecording(outputs), { attributes });
    });
  }

  handleChainError(error: unknown, runId: string): void {
    this.guard('handleChainError', () => {
      if (this.hidden.forget(runId)) return;
      const attributes = this.closingAttributes(runId);
      this.chains.delete(runId);
      const errorName = (error as { name?: unknown } | null)?.name;
      if (typeof errorName === 'string' && CONTROL_FLOW_ERRORS.has(errorName)) {
        this.runs.end(runId, undefined, {
          attributes: { ...attributes, [ATTR_LANGGRAPH_CONTROL_FLOW]: errorName },
        });
        return;
      }
      this.runs.fail(runId, error, { attributes });
    });
  }

  handleAgentAction(_action: unknown, runId: string): void {
    this.guard('handleAgentAction', () => this.markAgent(runId));
  }

  handleAgentEnd(_finish: unknown, runId: string): void {
    this.guard('handleAgentEnd', () => this.markAgent(runId));
  }

  // --- chat models and LLMs ---

  handleChatModelStart(
    serialized: SerializedLike | undefined,
    messages: LangChainMessageLike[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.guard('handleChatModelStart', () =>
      this.startModelRun(runId, parentRunId, {
        serialized,
        extraParams,
        metadata,
        messages: messages?.[0] ?? [],
      }),
    );
  }

  handleLLMStart(
    serialized: SerializedLike | undefined,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.guard('handleLLMStart', () =>
      this.startModelRun(runId, parentRunId, { serialized, extraParams, metadata, prompts }),
    );
  }

  handleLLMNewToken(token: string, _index: unknown, runId: string): void {
    this.guard('handleLLMNewToken', () => {
      this.models.get(runId)?.recording?.recordChunk(performance.now(), token);
    });
  }

  handleLLMEnd(output: LLMResultLike, runId: string): void {
    this.guard('handleLLMEnd', () => {
      const model = this.models.get(runId);
      if (model !== undefined) {
        const result = modelResult(output);
        if (model.recording) model.recording.recordResult(result);
        else model.pendingResult = result;
      }
      this.models.delete(runId);
      this.runs.end(runId);
    });
  }

  handleLLMError(error: unknown, runId: string): void {
    this.guard('handleLLMError', () => {
      this.models.delete(runId);
      this.runs.fail(runId, error);
    });
  }

  // --- tools ---

  handleToolStart(
    serialized: SerializedLike | undefined,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    runName?: string,
    toolCallId?: string,
  ): void {
    this.guard('handleToolStart', () => {
      const parent = this.hidden.visibleParent(parentRunId);
      this.markNearestWorkflowAsAgent(parent);
      const attributes: Attributes = {
        [ATTR_GEN_AI_TOOL_NAME]: runNameOf(serialized, runName),
        [ATTR_GEN_AI_TOOL_TYPE]: 'function',
      };
      if (typeof toolCallId === 'string' && toolCallId !== '')
        attributes[ATTR_GEN_AI_TOOL_CALL_ID] = toolCallId;
      this.runs.start(runId, parent, 'tool', attributes, { input });
    });
  }

  handleToolEnd(output: unknown, runId: string): void {
    this.guard('handleToolEnd', () => {
      if (isLangChainMessage(output)) {
        const attributes: Attributes = {};
        if (typeof output.tool_call_id === 'string')
          attributes[ATTR_GEN_AI_TOOL_CALL_ID] = output.tool_call_id;
        this.runs.end(runId, output.content, { attributes });
        return;
      }
      this.runs.end(runId, output);
    });
  }

  handleToolError(error: unknown, runId: string): void {
    this.guard('handleToolError', () => this.runs.fail(runId, error));
  }

  // --- retrievers ---

  handleRetrieverStart(
    serialized: SerializedLike | undefined,
    query: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    name?: string,
  ): void {
    this.guard('handleRetrieverStart', () => {
      const runName = runNameOf(serialized, name);
      this.runs.start(
        runId,
        this.hidden.visibleParent(parentRunId),
        'retrieval',
        { [ATTR_GEN_AI_DATA_SOURCE_ID]: runName },
        { input: query },
      );
    });
  }

  handleRetrieverEnd(documents: DocumentLike[], runId: string): void {
    this.guard('handleRetrieverEnd', () => {
      const recorded = Array.isArray(documents)
        ? documents.map((document) => ({
            ...(document.id !== undefined ? { id: document.id } : {}),
            content: document.pageContent,
            metadata: document.metadata,
          }))
        : documents;
      this.runs.end(runId, recorded, {
        attributes: Array.isArray(documents) ? { [ATTR_RETRIEVAL_DOCUMENT_COUNT]: documents.length } : {},
      });
    });
  }

  handleRetrieverError(error: unknown, runId: string): void {
    this.guard('handleRetrieverError', () => this.runs.fail(runId, error));
  }

  // --- internals ---

  private startModelRun(runId: string, parentRunId: string | undefined, start: ModelStart): void {
    this.forgetAbandonedRuns();
    const request = modelRequest(start);
    this.noteProvider(this.hidden.visibleParent(parentRunId), request.providerName);
    const model: ModelRun = {};
    this.models.set(runId, model);
    const scope = getInferenceScope(context.active());
    if (scope?.streaming) request.stream = true;
    // The provider call this run makes (if an instrumentation sees it) belongs to this span.
    scope?.claim(
      () => this.runs.getContext(runId),
      () => this.endStoppedModelRun(runId),
    );
    this.runs.start(
      runId,
      this.hidden.visibleParent(parentRunId),
      'llm',
      {},
      {
        createSpan: (parentContext: Context, attributes: Attributes) => {
          const recording = InferenceRecording.start(
            this.telemetry(),
            {
              ...request,
              attributes: { [ATTR_SPAN_KIND]: 'llm', ...getTraceAttributes(parentContext), ...attributes },
            },
            { parentContext },
          );
          model.recording = recording;
          if (model.pendingResult) recording.recordResult(model.pendingResult);
          // Messages are recorded by the recorder (request at start, response at the end).
          const span = new InferenceSpan(recording, {
            kind: 'llm',
            captureInput: false,
            captureOutput: false,
          });
          return { span, spanContext: recording.context };
        },
      },
    );
  }

  /** The caller broke out of the model's stream: LangChain will not end the run, so we do. */
  private endStoppedModelRun(runId: string): void {
    this.guard('stream stopped early', () => {
      if (!this.models.delete(runId)) return; // already ended or failed
      this.runs.end(runId);
    });
  }

  /** Drops state of runs the tracker no longer holds (timed out or evicted without an end event). */
  private forgetAbandonedRuns(): void {
    if (this.chains.size + this.models.size < this.pruneAtSize) return;
    for (const runId of this.chains.keys()) if (!this.runs.isTracking(runId)) this.chains.delete(runId);
    for (const runId of this.models.keys()) if (!this.runs.isTracking(runId)) this.models.delete(runId);
    // Doubling keeps the scan amortised when many runs are genuinely open.
    this.pruneAtSize = Math.max(MIN_PRUNE_SIZE, 2 * (this.chains.size + this.models.size));
  }

  private markAgent(runId: string): void {
    const chain = this.chains.get(runId);
    if (chain !== undefined) chain.isAgent = true;
  }

  /** A tool ran: the graph (or root chain) whose model asked for it is an agent. */
  private markNearestWorkflowAsAgent(runId: string | undefined): void {
    let current = runId;
    for (let depth = 0; current !== undefined && depth < 1000; depth++) {
      const chain = this.chains.get(current);
      if (chain === undefined) return;
      if (chain.role.kind === 'workflow' || chain.role.kind === 'agent') {
        chain.isAgent = true;
        return;
      }
      current = chain.parentRunId;
    }
  }

  /** A model call of `providerName` started under `runId`: every workflow or agent above it notes it. */
  private noteProvider(runId: string | undefined, providerName: string | undefined): void {
    if (providerName === undefined) return;
    let current = runId;
    for (let depth = 0; current !== undefined && depth < 1000; depth++) {
      const chain = this.chains.get(current);
      if (chain === undefined) return;
      if (chain.role.kind === 'workflow' || chain.role.kind === 'agent') {
        if (chain.providerName === undefined) chain.providerName = providerName;
        else if (chain.providerName !== providerName) chain.providerName = null;
      }
      current = chain.parentRunId;
    }
  }

  /**
   * What a workflow or agent span gets as it ends: a workflow its `gen_ai.workflow.name`; an agent
   * (a workflow whose model called tools is renamed to one here) the `gen_ai.provider.name` its
   * model calls agree on — left unset when no model call ran under it or providers differed.
   */
  private closingAttributes(runId: string): Attributes | undefined {
    const chain = this.chains.get(runId);
    if (chain === undefined || chain.role.kind === 'task') return undefined;
    if (!chain.isAgent && chain.role.kind === 'workflow') return { [ATTR_GEN_AI_WORKFLOW_NAME]: chain.name };
    const attributes: Attributes = {};
    if (typeof chain.providerName === 'string') attributes[ATTR_GEN_AI_PROVIDER_NAME] = chain.providerName;
    if (chain.role.kind === 'workflow') {
      this.runs
        .getSpan(runId)
        ?.updateName(genAISpanName(GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT, chain.name));
      attributes[ATTR_GEN_AI_OPERATION_NAME] = GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT;
      attributes[ATTR_GEN_AI_AGENT_NAME] = chain.name;
      attributes[ATTR_SPAN_KIND] = 'agent';
    }
    return attributes;
  }

  private guard(callback: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      diag.error(`genai-otel: LangChain ${callback} could not be recorded`, error);
    }
  }
}
