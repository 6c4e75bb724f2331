import { type Attributes, type Context, context, diag } from '@opentelemetry/api';
import { globalGenAITelemetry } from '../../src/genai/global-telemetry';
import { type GenAITelemetry, InferenceRecording } from '../../src/genai/inference-recording';
import { openInferenceScope } from '../../src/genai/inference-scope';
import type { InferenceRequest } from '../../src/genai/inference-types';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_GENAI_OTEL_RESPONSE_UNCONSUMED,
  ATTR_SPAN_KIND,
  ATTR_STREAM_CANCELLED,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OUTPUT_TYPE_VALUE_JSON,
} from '../../src/genai/semconv';
import { genAISpanName } from '../../src/genai/span-name';
import { enterToolExecution } from '../../src/genai/tool-execution-scope';
import { DEFAULT_UNCONSUMED_TIMEOUT_MS } from '../../src/genai/unconsumed-timeout';
import { RunTracker, type RunTrackerOptions } from '../../src/inbound/run-tracker';
import { InferenceSpan } from '../../src/tracing/inference-span';
import type { TracedKind } from '../../src/tracing/span-options';
import { getTraceAttributes } from '../../src/tracing/trace-attributes';
import { IdleWatch } from './idle-watch';
import type {
  AbortEvent,
  EmbedCallEndEvent,
  EmbedCallStartEvent,
  ErrorEvent,
  EventBase,
  ExecuteOptions,
  ModelCallEndEvent,
  ModelCallStartEvent,
  ObjectStepEndEvent,
  ObjectStepStartEvent,
  OperationEndEvent,
  OperationStartEvent,
  ProviderStreamPart,
  ToolExecutionEndEvent,
  ToolExecutionStartEvent,
} from './internal-types';
import { finishReasonOf, modelCallResultOf, tokenUsageOf } from './model-call-result';
import { inputMessagesOf, systemInstructionsOf, toolDefinitionsOf } from './model-messages';
import { observedStream } from './observed-stream';
import { providerNameOf } from './provider-name';

/** The instrumentation scope of the spans the integration starts. */
export const AI_SDK_INSTRUMENTATION_NAME = 'genai-otel/instrumentation-ai-sdk';

/** Marks our integration object, so that nothing registers it twice (two genai-otel copies). */
export const GENAI_OTEL_INTEGRATION_MARK = Symbol.for('genai-otel.ai-sdk.telemetry-integration');

/** Stream parts that carry generated output: each one is an output chunk for the timing metrics. */
const OUTPUT_PART_TYPES = new Set(['text-delta', 'reasoning-delta', 'tool-input-delta', 'tool-call', 'file']);

/** Stream operations: their model calls are `gen_ai.request.stream` calls. */
const STREAMING_OPERATIONS = new Set(['ai.streamText', 'ai.streamObject']);

/** Options of {@link GenAIOtelTelemetry}. */
export interface GenAIOtelTelemetryOptions extends RunTrackerOptions {
  /** Tracer, meter and `diag`; default the global providers. */
  telemetry?: () => GenAITelemetry;
  /**
   * How long a streaming call may go without progress (no chunk, no event, no tool running)
   * before its spans are ended with `genai_otel.response.unconsumed=true`: the SDK reports nothing
   * when the app stops reading a stream (`break`), so this is how such calls end. Default 60000;
   * 0 disables it.
   */
  unconsumedTimeoutMs?: () => number;
}

interface ModelCall {
  runId: string;
  recording?: InferenceRecording;
}

interface CallState {
  rootRunId: string;
  /** `generateText`, `streamObject`, … (the operation id without `ai.`). */
  operation: string;
  name: string;
  kind: TracedKind;
  providerName: string | undefined;
  streaming: boolean;
  modelCallCount: number;
  /** The model call in flight (the SDK makes them one at a time per operation). */
  modelCall: ModelCall | undefined;
  embedCalls: Map<string, ModelCall>;
  /** Tool calls started and not ended, by tool call id → run id. */
  toolRuns: Map<string, string>;
  /**
   * The model call failure seen first-hand: the SDK passes integrations a stand-in error
   * ("AI SDK operation failed") in `onError`, so the call's span records this one instead.
   */
  failure: unknown;
  /** Streaming calls: ends the call when the app stopped reading it. */
  idle: IdleWatch | undefined;
  /** Model calls or stream reads waiting for the provider: progress is the model's to make, not the app's. */
  waits: number;
}

/**
 * The AI SDK (`ai` 7.x) telemetry integration of genai-otel: registered through `ai`'s own
 * `registerTelemetry` by the instrumentation, it turns each call's lifecycle events into GenAI
 * spans through the shared recorder — one span for the SDK call (`invoke_workflow`, or
 * `invoke_agent` when tools run), one inference span per model call attempt (`chat {model}`,
 * `embeddings {model}`), `execute_tool {name}` per tool execution — and runs the provider's HTTP
 * call and each tool inside its span, so that nested spans (HTTP, a vendor SDK called in a tool,
 * a nested `generateText`) parent correctly.
 *
 * Calls that opt out (`telemetry: { isEnabled: false }`) or bring their own `integrations` never
 * reach it: the SDK does not call global integrations for them.
 */
export class GenAIOtelTelemetry {
  readonly [GENAI_OTEL_INTEGRATION_MARK] = true;

  private readonly runs: RunTracker;
  private readonly telemetry: () => GenAITelemetry;
  private readonly unconsumedTimeoutMs: () => number;
  private readonly calls = new Map<string, CallState>();
  private warnedAboutAiSdkOtel = false;
  /** Whether the integration records anything (the instrumentation's enabled state). */
  enabled = true;

  constructor(options: GenAIOtelTelemetryOptions = {}) {
    const { telemetry, unconsumedTimeoutMs, ...trackerOptions } = options;
    this.runs = new RunTracker(trackerOptions);
    this.unconsumedTimeoutMs = unconsumedTimeoutMs ?? (() => DEFAULT_UNCONSUMED_TIMEOUT_MS);
    this.telemetry = telemetry ?? (() => globalGenAITelemetry(AI_SDK_INSTRUMENTATION_NAME));
  }

  /** Closes every open span (marked timed out) and forgets all state; for shutdown and tests. */
  closeAll(): void {
    this.runs.closeAll();
    this.calls.clear();
  }

  // --- the SDK call ---

  onStart(event: OperationStartEvent): void {
    this.guard('onStart', () => {
      if (!this.enabled || !isV7Event(event) || this.deferToAiSdkOtel()) return;
      this.forgetAbandonedCalls();
      const operation = event.operationId.replace(/^ai\./, '');
      const hasTools = event.tools !== undefined && Object.keys(event.tools).length > 0;
      const kind: TracedKind = hasTools ? 'agent' : 'workflow';
      const name =
        typeof event.functionId === 'string' && event.functionId !== '' ? event.functionId : operation;
      const state: CallState = {
        rootRunId: `ai-sdk:${event.callId}`,
        operation,
        name,
        kind,
        providerName: typeof event.provider === 'string' ? providerNameOf(event.provider) : undefined,
        streaming: STREAMING_OPERATIONS.has(event.operationId),
        modelCallCount: 0,
        modelCall: undefined,
        embedCalls: new Map(),
        toolRuns: new Map(),
        idle: undefined,
        failure: undefined,
        waits: 0,
      };
      if (state.streaming) {
        state.idle = new IdleWatch(
          this.unconsumedTimeoutMs(),
          () => this.guard('unconsumed stream', () => this.endUnconsumed(event.callId)),
          () => state.toolRuns.size > 0 || state.waits > 0,
        );
        state.idle.arm();
      }
      this.calls.set(event.callId, state);
      this.runs.start(state.rootRunId, undefined, kind, rootAttributes(state), {
        input: operationInput(event),
        startTime: event.timestamp,
      });
    });
  }

  onEnd(event: OperationEndEvent): void {
    this.guard('onEnd', () => {
      const state = this.takeCall(event);
      if (state === undefined) return;
      this.endOpenChildren(state);
      this.runs.end(state.rootRunId, operationOutput(event), { endTime: event.timestamp });
    });
  }

  onError(event: ErrorEvent): void {
    this.guard('onError', () => {
      const state = this.takeCall(event);
      if (state === undefined) return;
      const error = state.failure ?? event.error;
      this.failOpenChildren(state, error);
      this.runs.fail(state.rootRunId, error);
    });
  }

  onAbort(event: AbortEvent): void {
    this.guard('onAbort', () => {
      const state = this.takeCall(event);
      if (state === undefined) return;
      this.cancelModelCall(state);
      this.endOpenChildren(state);
      this.runs.end(state.rootRunId, undefined, { attributes: { [ATTR_STREAM_CANCELLED]: true } });
    });
  }

  // --- model calls ---

  /**
   * Starts the inference span for one attempt of a model call (the SDK retries through here, so
   * a retried call is several spans, one per HTTP call) and runs the provider call in it.
   */
  executeLanguageModelCall<T>(options: ExecuteOptions<ModelCallStartEvent, T>): PromiseLike<T> {
    const state = this.enabled ? this.calls.get(options.callId) : undefined;
    if (state === undefined) return options.execute();
    state.idle?.touch();
    let modelCall: ModelCall | undefined;
    let callContext: Context | undefined;
    try {
      modelCall = this.startModelCall(state, options);
      callContext = modelCall.recording?.context;
    } catch (error) {
      diag.error('genai-otel: could not start the AI SDK model call span', error);
    }
    if (modelCall === undefined || callContext === undefined) return options.execute();
    const started = modelCall;
    // A provider built on a vendor SDK (openai, @anthropic-ai/sdk) is this very call: the scope,
    // claimed by our span, keeps that SDK's instrumentation from recording it a second time.
    const { context: scoped, scope } = openInferenceScope(callContext, state.streaming);
    scope.claim(() => callContext);
    state.waits++;
    // async: a synchronous throw of `execute` becomes a rejection we see.
    const pending = context.with(scoped, async () => options.execute());
    return pending.then(
      (result) => {
        state.waits--;
        if (state.streaming) this.followStream(state, started, result);
        return result;
      },
      (error: unknown) => {
        state.waits--;
        this.guard('model call error', () => this.failModelCall(state, started, error));
        throw error;
      },
    );
  }

  onLanguageModelCallEnd(event: ModelCallEndEvent): void {
    this.guard('onLanguageModelCallEnd', () => {
      const state = this.touchCall(event);
      const modelCall = state?.modelCall;
      if (state === undefined || modelCall === undefined) return;
      modelCall.recording?.recordResult(modelCallResultOf(event));
      state.modelCall = undefined;
      this.runs.end(modelCall.runId, undefined, { endTime: event.timestamp });
    });
  }

  onStepStart(event: EventBase): void {
    this.guard('onStepStart', () => this.touchCall(event));
  }

  onStepEnd(event: EventBase): void {
    this.guard('onStepEnd', () => this.touchCall(event));
  }

  onStepError(event: ErrorEvent): void {
    this.guard('onStepError', () => {
      const state = this.touchCall(event);
      const modelCall = state?.modelCall;
      if (state !== undefined && modelCall !== undefined) this.failModelCall(state, modelCall, event.error);
    });
  }

  // --- generateObject / streamObject (no execute wrapper: the span covers the step) ---

  onObjectStepStart(event: ObjectStepStartEvent): void {
    this.guard('onObjectStepStart', () => {
      const state = this.touchCall(event);
      if (state === undefined) return;
      const messages = Array.isArray(event.promptMessages) ? event.promptMessages : [];
      const isSystem = (message: unknown) => (message as { role?: unknown } | null)?.role === 'system';
      this.startModelCall(state, {
        provider: event.provider,
        modelId: event.modelId,
        messages: messages.filter((message) => !isSystem(message)),
        instructions: messages.filter(isSystem),
      });
    });
  }

  onObjectStepEnd(event: ObjectStepEndEvent): void {
    this.guard('onObjectStepEnd', () => {
      const state = this.touchCall(event);
      const modelCall = state?.modelCall;
      if (state === undefined || modelCall === undefined) return;
      const finishReason = finishReasonOf(event.finishReason);
      const usage = tokenUsageOf(event.usage);
      modelCall.recording?.recordResult({
        finishReasons: [finishReason],
        ...(usage !== undefined ? { usage } : {}),
        ...(typeof event.response?.id === 'string' ? { responseId: event.response.id } : {}),
        ...(typeof event.response?.modelId === 'string' ? { responseModel: event.response.modelId } : {}),
        outputMessages: () => [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: event.objectText ?? '' }],
            finish_reason: finishReason,
          },
        ],
      });
      state.modelCall = undefined;
      this.runs.end(modelCall.runId, undefined, { endTime: event.timestamp });
    });
  }

  // --- embeddings ---

  onEmbedStart(event: EmbedCallStartEvent): void {
    this.guard('onEmbedStart', () => {
      const state = this.calls.get(event.callId);
      if (state === undefined) return;
      const request: InferenceRequest = {
        operationName: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
        providerName: providerNameOf(event.provider),
        requestModel: event.modelId,
      };
      if (typeof event.dimensions === 'number')
        request.attributes = { [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: event.dimensions };
      const embedCall = this.startInference(
        state,
        `${state.rootRunId}:embed:${event.embedCallId}`,
        'embeddings',
        request,
      );
      state.embedCalls.set(event.embedCallId, embedCall);
    });
  }

  onEmbedEnd(event: EmbedCallEndEvent): void {
    this.guard('onEmbedEnd', () => {
      const state = this.calls.get(event.callId);
      const embedCall = state?.embedCalls.get(event.embedCallId);
      if (state === undefined || embedCall === undefined) return;
      state.embedCalls.delete(event.embedCallId);
      const first = event.embeddings?.[0];
      embedCall.recording?.recordResult({
        ...(typeof event.usage?.tokens === 'number' ? { usage: { inputTokens: event.usage.tokens } } : {}),
        ...(Array.isArray(first) ? { embeddingDimensions: first.length } : {}),
        ...(typeof event.modelId === 'string' ? { responseModel: event.modelId } : {}),
      });
      this.runs.end(embedCall.runId, undefined, { endTime: event.timestamp });
    });
  }

  // --- tools ---

  onToolExecutionStart(event: ToolExecutionStartEvent): void {
    this.guard('onToolExecutionStart', () => {
      const state = this.touchCall(event);
      const toolCall = event.toolCall;
      if (state === undefined || toolCall === undefined) return;
      this.promoteToAgent(state);
      const runId = `${state.rootRunId}:tool:${toolCall.toolCallId}`;
      state.toolRuns.set(toolCall.toolCallId, runId);
      this.runs.start(
        runId,
        state.rootRunId,
        'tool',
        {
          [ATTR_GEN_AI_TOOL_NAME]: toolCall.toolName,
          [ATTR_GEN_AI_TOOL_CALL_ID]: toolCall.toolCallId,
          [ATTR_GEN_AI_TOOL_TYPE]: toolCall.providerExecuted === true ? 'extension' : 'function',
        },
        { input: toolCall.input, startTime: event.timestamp },
      );
    });
  }

  /** Runs the tool's `execute` in its `execute_tool` span, so what the tool does nests under it. */
  executeTool<T>(
    options: ExecuteOptions<ToolExecutionStartEvent, T> & { toolCallId: string },
  ): PromiseLike<T> {
    const state = this.enabled ? this.calls.get(options.callId) : undefined;
    const runId = state?.toolRuns.get(options.toolCallId);
    const toolContext = runId === undefined ? undefined : this.runs.getContext(runId);
    if (toolContext === undefined) return options.execute();
    const marked = enterToolExecution(toolContext, options.toolCall?.toolName);
    return context
      .with(marked, async () => options.execute())
      .then(undefined, (error: unknown) => {
        // The real error: the end event only carries a stand-in.
        this.guard('tool error', () => {
          state?.toolRuns.delete(options.toolCallId);
          this.runs.fail(runId as string, error);
        });
        throw error;
      });
  }

  onToolExecutionEnd(event: ToolExecutionEndEvent): void {
    this.guard('onToolExecutionEnd', () => {
      const state = this.touchCall(event);
      const toolCallId = event.toolCall?.toolCallId;
      const runId = toolCallId === undefined ? undefined : state?.toolRuns.get(toolCallId);
      if (state === undefined || runId === undefined || toolCallId === undefined) return;
      state.toolRuns.delete(toolCallId);
      const toolOutput = event.toolOutput;
      if (toolOutput?.type === 'tool-error')
        this.runs.fail(runId, toolOutput.error, { endTime: event.timestamp });
      else this.runs.end(runId, toolOutput?.output, { endTime: event.timestamp });
    });
  }

  // --- internals ---

  private startModelCall(state: CallState, options: Partial<ModelCallStartEvent>): ModelCall {
    // A call attempt whose end never came (a failed attempt the SDK retries) is closed first.
    if (state.modelCall !== undefined) this.runs.end(state.modelCall.runId);
    state.modelCallCount++;
    const request: InferenceRequest = {
      operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
      providerName: typeof options.provider === 'string' ? providerNameOf(options.provider) : undefined,
      requestModel: options.modelId,
      temperature: options.temperature,
      topP: options.topP,
      topK: options.topK,
      maxTokens: options.maxOutputTokens,
      seed: options.seed,
      stopSequences: options.stopSequences,
      frequencyPenalty: options.frequencyPenalty,
      presencePenalty: options.presencePenalty,
      stream: state.streaming,
      content: () => ({
        inputMessages: inputMessagesOf(options.messages),
        systemInstructions: systemInstructionsOf(options.instructions),
        toolDefinitions: toolDefinitionsOf(options.tools),
      }),
    };
    if (state.operation === 'generateObject' || state.operation === 'streamObject')
      request.outputType = GEN_AI_OUTPUT_TYPE_VALUE_JSON;
    if (typeof options.reasoning === 'string' && options.reasoning !== 'provider-default')
      request.reasoningLevel = options.reasoning;
    const modelCall = this.startInference(
      state,
      `${state.rootRunId}:model:${state.modelCallCount}`,
      'llm',
      request,
    );
    state.modelCall = modelCall;
    return modelCall;
  }

  private startInference(
    state: CallState,
    runId: string,
    kind: TracedKind,
    request: InferenceRequest,
  ): ModelCall {
    const modelCall: ModelCall = { runId };
    this.runs.start(
      runId,
      state.rootRunId,
      kind,
      {},
      {
        createSpan: (parentContext: Context, attributes: Attributes) => {
          const recording = InferenceRecording.start(
            this.telemetry(),
            {
              ...request,
              attributes: {
                [ATTR_SPAN_KIND]: kind,
                ...getTraceAttributes(parentContext),
                ...request.attributes,
                ...attributes,
              },
            },
            { parentContext, errorTypeOf: statusCodeOf },
          );
          modelCall.recording = recording;
          // The recorder records request and response content itself.
          const span = new InferenceSpan(recording, { kind, captureInput: false, captureOutput: false });
          return { span, spanContext: recording.context };
        },
      },
    );
    return modelCall;
  }

  /** Follows a `doStream` result's parts for time to first chunk and the per-chunk metric. */
  private followStream(state: CallState, modelCall: ModelCall, result: unknown): void {
    const recording = modelCall.recording;
    const holder = result as { stream?: unknown } | null;
    if (recording === undefined || !(holder?.stream instanceof ReadableStream)) return;
    let chunkFailureReported = false;
    holder.stream = observedStream(holder.stream as ReadableStream<ProviderStreamPart>, {
      onWaiting: (waiting) => {
        state.waits += waiting ? 1 : -1;
        state.idle?.touch();
      },
      onPart: (part) =>
        this.guard('stream part', () => {
          state.idle?.touch();
          if (!OUTPUT_PART_TYPES.has(part?.type)) return;
          try {
            recording.recordChunk(performance.now(), part.type === 'text-delta' ? part.delta : undefined);
          } catch (error) {
            // Reported once per stream: a recorder that fails on one chunk fails on every chunk.
            if (chunkFailureReported) return;
            chunkFailureReported = true;
            throw error;
          }
        }),
      onDone: () => {},
      onError: (error) => this.guard('stream error', () => this.failModelCall(state, modelCall, error)),
      onCancel: () =>
        this.guard('stream cancel', () => {
          if (state.modelCall !== modelCall) return;
          this.cancelModelCall(state);
        }),
    });
  }

  /** The reader stopped before the model call ended: what was seen so far is recorded, marked cancelled. */
  private cancelModelCall(state: CallState): void {
    const modelCall = state.modelCall;
    if (modelCall === undefined) return;
    state.modelCall = undefined;
    modelCall.recording?.recordResult({
      finishReasons: [finishReasonOf(undefined)],
      attributes: { [ATTR_STREAM_CANCELLED]: true },
    });
    this.runs.end(modelCall.runId);
  }

  private failModelCall(state: CallState, modelCall: ModelCall, error: unknown): void {
    if (state.modelCall === modelCall) state.modelCall = undefined;
    state.failure = error;
    // The recorder's own error handling gives the HTTP status as `error.type`.
    modelCall.recording?.endWithError(error);
    this.runs.end(modelCall.runId);
  }

  private endOpenChildren(state: CallState): void {
    if (state.modelCall !== undefined) this.runs.end(state.modelCall.runId);
    for (const embedCall of state.embedCalls.values()) this.runs.end(embedCall.runId);
    for (const runId of state.toolRuns.values()) this.runs.end(runId);
    state.modelCall = undefined;
    state.embedCalls.clear();
    state.toolRuns.clear();
  }

  private failOpenChildren(state: CallState, error: unknown): void {
    if (state.modelCall !== undefined) this.failModelCall(state, state.modelCall, error);
    for (const embedCall of state.embedCalls.values()) {
      embedCall.recording?.endWithError(error);
      this.runs.end(embedCall.runId);
    }
    for (const runId of state.toolRuns.values()) this.runs.fail(runId, error);
    state.embedCalls.clear();
    state.toolRuns.clear();
  }

  /** A tool ran: the call is an agent loop, shown as `invoke_agent`. */
  private promoteToAgent(state: CallState): void {
    if (state.kind === 'agent') return;
    state.kind = 'agent';
    const span = this.runs.getSpan(state.rootRunId);
    if (span === undefined) return;
    span.updateName(genAISpanName(GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT, state.name));
    span.setAttributes({ ...rootAttributes(state), [ATTR_SPAN_KIND]: 'agent' });
  }

  private takeCall(event: EventBase): CallState | undefined {
    const state = this.calls.get(event?.callId);
    if (state !== undefined) {
      this.calls.delete(event.callId);
      state.idle?.disarm();
    }
    return state;
  }

  /** The call's state, noting progress (the app is still reading a streaming call). */
  private touchCall(event: EventBase): CallState | undefined {
    const state = this.calls.get(event?.callId);
    state?.idle?.touch();
    return state;
  }

  /** The app stopped reading a streaming call: the SDK will report nothing more, so we end it. */
  private endUnconsumed(callId: string): void {
    const state = this.takeCall({ callId });
    if (state === undefined) return;
    const modelCall = state.modelCall;
    state.modelCall = undefined;
    if (modelCall !== undefined) {
      modelCall.recording?.endUnconsumed();
      this.runs.end(modelCall.runId);
    }
    this.endOpenChildren(state);
    this.runs.end(state.rootRunId, undefined, {
      attributes: { [ATTR_GENAI_OTEL_RESPONSE_UNCONSUMED]: true },
    });
  }

  /** Drops calls the tracker timed out (an operation whose end event never came). */
  private forgetAbandonedCalls(): void {
    if (this.calls.size < 1_000) return;
    for (const [callId, state] of this.calls) {
      if (!this.runs.isTracking(state.rootRunId)) this.calls.delete(callId);
    }
  }

  /**
   * Whether `@ai-sdk/otel`'s integration is registered too: then it traces the call and we stand
   * aside, so that no call is traced twice (warned once, with what to do).
   */
  private deferToAiSdkOtel(): boolean {
    const registered = (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown })
      .AI_SDK_TELEMETRY_INTEGRATIONS;
    if (!Array.isArray(registered) || !registered.some(isAiSdkOtelIntegration)) return false;
    if (!this.warnedAboutAiSdkOtel) {
      this.warnedAboutAiSdkOtel = true;
      diag.warn(
        'genai-otel: @ai-sdk/otel is registered with registerTelemetry(), so genai-otel leaves AI SDK calls to it ' +
          '(one span per call). Remove registerTelemetry(new OpenTelemetry()) to get genai-otel’s GenAI spans, metrics and cost.',
      );
    }
    return true;
  }

  private guard(callback: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      diag.error(`genai-otel: AI SDK ${callback} could not be recorded`, error);
    }
  }
}

/** v7 events carry a call id and an operation id; `ai` 6.x calls the same global integrations without them. */
function isV7Event(event: OperationStartEvent): boolean {
  return typeof event?.callId === 'string' && typeof event.operationId === 'string';
}

function isAiSdkOtelIntegration(integration: unknown): boolean {
  if (typeof integration !== 'object' || integration === null) return false;
  const name = (integration as { constructor?: { name?: unknown } }).constructor?.name;
  return (
    (name === 'OpenTelemetry' || name === 'LegacyOpenTelemetry') &&
    typeof (integration as { executeLanguageModelCall?: unknown }).executeLanguageModelCall === 'function'
  );
}

function rootAttributes(state: CallState): Attributes {
  if (state.kind !== 'agent') return { [ATTR_GEN_AI_WORKFLOW_NAME]: state.name };
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: state.name,
  };
  if (state.providerName !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = state.providerName;
  return attributes;
}

/** The operation's input as messages (recorded only when content capture is on). */
function operationInput(event: OperationStartEvent): unknown {
  if (Array.isArray(event.messages) && event.messages.length > 0) return inputMessagesOf(event.messages);
  if (typeof event.prompt === 'string')
    return [{ role: 'user', parts: [{ type: 'text', content: event.prompt }] }];
  if (Array.isArray(event.prompt)) return inputMessagesOf(event.prompt);
  return undefined;
}

function operationOutput(event: OperationEndEvent): unknown {
  if (typeof event.text === 'string' && event.text !== '') return event.text;
  if (event.object !== undefined) return event.object;
  return undefined;
}

/** `APICallError` (every HTTP failure of every AI SDK provider) carries the status, the useful `error.type`. */
function statusCodeOf(error: unknown): string | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? String(status) : undefined;
}
