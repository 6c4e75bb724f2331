import { type Context, diag, SpanKind, trace } from '@opentelemetry/api';
import { type GenAITelemetry, InferenceRecording } from '../../src/genai/inference-recording';
import { InferenceScope, withInferenceScope } from '../../src/genai/inference-scope';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
} from '../../src/genai/semconv';
import { RunTracker, type RunTrackerOptions } from '../../src/inbound/run-tracker';
import { SkippedRuns } from '../../src/inbound/skipped-runs';
import type { ManualSpan } from '../../src/tracing/traced-span';
import { plainActiveContext } from './agents-context-storage';
import type { AgentsContextStore, AgentsSpan, AgentsTrace, AgentsTracingProcessor } from './internal-types';
import { endFacts, planSpan } from './span-mapping';
import { modelCallProvider, untracedModelCall } from './untraced-model-call';

/** The SDK's id of spans and traces that tracing turned into no-ops. */
const NOOP_ID = 'no-op';

/** Model-call spans remembered for their inference scope; the oldest are forgotten beyond it. */
const MAX_MODEL_CALL_SCOPES = 10_000;

/**
 * The SDK's tracing processor that turns its traces and spans into OpenTelemetry spans through a
 * {@link RunTracker} (parenting by the SDK's ids, out-of-order events, timeouts, bounded memory):
 * a trace becomes `invoke_workflow`, an agent span `invoke_agent`, a function span
 * `execute_tool`, handoff/guardrail/custom spans INTERNAL spans (see span-mapping.ts).
 *
 * It also answers which OpenTelemetry context belongs to the SDK's current span
 * ({@link contextOf}), so that code the SDK runs under its spans (model calls, tool functions)
 * runs under the matching OpenTelemetry span.
 */
export class AgentsSpanBridge implements AgentsTracingProcessor {
  readonly tracker: RunTracker;
  /** SDK spans without a span of their own (task, turn, model calls …) → nearest traced ancestor. */
  private readonly skipped = new SkippedRuns();
  /** Open model-call spans (`response`, `generation`) → the inference scope their provider call runs in. */
  private readonly modelCalls = new Map<string, OpenModelCall>();
  /** `gen_ai.conversation.id` of each open trace (its `groupId`). */
  private readonly conversations = new Map<string, string>();
  /**
   * Open agent spans → the provider their model calls agree on (null once two differ): the
   * conventions require `gen_ai.provider.name` on `invoke_agent`, and the SDK's agent span does not
   * say which model provider runs the agent. An agent that made no model call has none (undefined).
   */
  private readonly agentProviders = new Map<string, string | null | undefined>();

  constructor(
    options: RunTrackerOptions = {},
    private readonly isEnabled: () => boolean = () => true,
    /** Tracer, meter and diag for an inference span no provider instrumentation recorded. */
    private readonly telemetry?: () => GenAITelemetry,
  ) {
    this.tracker = new RunTracker(options);
  }

  async onTraceStart(sdkTrace: AgentsTrace): Promise<void> {
    if (this.isEnabled()) this.startTrace(sdkTrace, plainActiveContext());
  }

  async onTraceEnd(sdkTrace: AgentsTrace): Promise<void> {
    this.guard('onTraceEnd', () => {
      if (sdkTrace.traceId === NOOP_ID) return;
      this.conversations.delete(sdkTrace.traceId);
      this.tracker.end(sdkTrace.traceId);
    });
  }

  async onSpanStart(span: AgentsSpan): Promise<void> {
    if (this.isEnabled()) this.startSpan(span);
  }

  async onSpanEnd(span: AgentsSpan): Promise<void> {
    this.guard('onSpanEnd', () => {
      const id = span.spanId;
      if (id === NOOP_ID) return;
      if (this.skipped.has(id)) {
        // Kept in `skipped`: a late child must still find its ancestor; memory is bounded there.
        const modelCall = this.modelCalls.get(id);
        this.modelCalls.delete(id);
        if (modelCall !== undefined)
          this.noteProvider(modelCall.parentRunId, modelCallProvider(span.spanData));
        if (modelCall !== undefined && modelCall.scope.providerCallCount === 0)
          this.recordUntracedModelCall(span, modelCall);
        this.endTraceOfFailedRun(span);
        return;
      }
      const facts = endFacts(span.spanData);
      const provider = this.agentProviders.get(id);
      this.agentProviders.delete(id);
      if (typeof provider === 'string') facts.attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
      const otelSpan = this.tracker.getSpan(id) as ManualSpan | undefined;
      if (otelSpan !== undefined) {
        if (facts.name) otelSpan.updateName(facts.name);
        if (facts.input !== undefined && otelSpan.capturesInput) otelSpan.setInput(facts.input);
      }
      if (span.error) {
        this.tracker.fail(id, agentsError(span.error), { attributes: facts.attributes });
        return;
      }
      this.tracker.end(id, facts.output, { attributes: facts.attributes });
    });
  }

  /**
   * The SDK never reports the end of a trace whose run threw (a tripped guardrail, a model error,
   * max turns): its trace lifecycle ends traces only after success. The run's top-level `task`
   * span does end, with the error, so the workflow span ends there too, failed as the SDK reports it.
   * (Inside `withTrace`, a later run of the same trace still nests under the ended workflow span.)
   */
  private endTraceOfFailedRun(span: AgentsSpan): void {
    if (span.spanData.type !== 'task' || span.parentId !== null || !span.error) return;
    if (this.tracker.isTracking(span.traceId)) this.tracker.fail(span.traceId, agentsError(span.error));
  }

  /** Our spans end with the SDK's; the SDK calls this when its processors are replaced, so nothing is closed here. */
  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {}

  /**
   * The context to run code in while `store` is the SDK's current context: `base` with the
   * OpenTelemetry span of the SDK's current span (or of its nearest traced ancestor) active, and
   * for a model call an inference scope. Undefined when the SDK's context has nothing of ours.
   */
  contextOf(store: AgentsContextStore | undefined, base: Context): Context | undefined {
    if (store?.active !== true || !this.isEnabled()) return undefined;
    const span = store.span;
    if (span !== undefined && span.spanId !== NOOP_ID) {
      // The SDK sets its current span just before it reports the start (and other processors may
      // delay the report), so code can run under a span we have not heard of yet.
      this.startSpan(span);
      const scope = this.modelCalls.get(span.spanId)?.scope;
      const runId = this.skipped.visibleParent(span.spanId);
      const runSpan = runId === undefined ? undefined : this.spanOfRun(runId);
      if (runSpan === undefined) return undefined;
      const under = trace.setSpan(base, runSpan);
      return scope === undefined ? under : withInferenceScope(under, scope);
    }
    const sdkTrace = store.trace;
    if (sdkTrace === undefined || sdkTrace.traceId === NOOP_ID) return undefined;
    this.startTrace(sdkTrace, base);
    const traceSpan = this.spanOfRun(sdkTrace.traceId);
    return traceSpan === undefined ? undefined : trace.setSpan(base, traceSpan);
  }

  /** Closes every open span (marked timed out); at shutdown. */
  closeAll(): void {
    this.tracker.closeAll();
    this.skipped.clear();
    this.modelCalls.clear();
    this.conversations.clear();
    this.agentProviders.clear();
  }

  private spanOfRun(runId: string) {
    const runContext = this.tracker.getContext(runId);
    return runContext === undefined ? undefined : trace.getSpan(runContext);
  }

  private startTrace(sdkTrace: AgentsTrace, base: Context): void {
    this.guard('onTraceStart', () => {
      const id = sdkTrace.traceId;
      if (id === NOOP_ID || this.tracker.isTracking(id) || this.tracker.getContext(id)) return;
      const attributes: Record<string, string> = { [ATTR_GEN_AI_WORKFLOW_NAME]: sdkTrace.name };
      // The group id goes on the trace's agent spans only: the conventions list no
      // gen_ai.conversation.id on invoke_workflow spans.
      const conversation = sdkTrace.groupId;
      if (typeof conversation === 'string' && conversation !== '') this.conversations.set(id, conversation);
      // An explicit parent: the active context may be the SDK-following one, which would ask for this very trace.
      this.tracker.start(id, undefined, 'workflow', attributes, { parent: base });
    });
  }

  private startSpan(span: AgentsSpan): void {
    this.guard('onSpanStart', () => {
      const id = span.spanId;
      if (
        id === NOOP_ID ||
        this.skipped.has(id) ||
        this.tracker.isTracking(id) ||
        this.tracker.getContext(id)
      )
        return;
      const parent = this.skipped.visibleParent(span.parentId ?? span.traceId);
      const plan = planSpan(span.spanData);
      if (!plan.traced) {
        this.skipped.skip(id, parent);
        if (plan.modelCall) this.rememberModelCall(id, parent);
        return;
      }
      const attributes = { ...plan.attributes };
      const conversation = this.conversations.get(span.traceId);
      if (plan.kind === 'agent' && conversation !== undefined)
        attributes[ATTR_GEN_AI_CONVERSATION_ID] = conversation;
      if (plan.kind === 'agent') this.rememberAgent(id);
      this.tracker.start(id, parent, plan.kind, attributes, {
        parent: plainActiveContext(),
        ...(plan.name === undefined ? {} : { name: plan.name }),
      });
    });
  }

  private rememberAgent(spanId: string): void {
    if (this.agentProviders.size >= MAX_MODEL_CALL_SCOPES)
      this.agentProviders.delete(this.agentProviders.keys().next().value as string);
    this.agentProviders.set(spanId, undefined);
  }

  /** A model call of `provider` ran directly under the traced run `runId`. */
  private noteProvider(runId: string | undefined, provider: string | undefined): void {
    if (runId === undefined || provider === undefined || !this.agentProviders.has(runId)) return;
    const noted = this.agentProviders.get(runId);
    if (noted === undefined) this.agentProviders.set(runId, provider);
    else if (noted !== provider) this.agentProviders.set(runId, null);
  }

  private rememberModelCall(spanId: string, parentRunId: string | undefined): void {
    if (this.modelCalls.size >= MAX_MODEL_CALL_SCOPES)
      this.modelCalls.delete(this.modelCalls.keys().next().value as string);
    // Unclaimed: the provider instrumentation inside traces the call as usual, as the one inference span.
    this.modelCalls.set(spanId, { scope: new InferenceScope(), startTime: Date.now(), parentRunId });
  }

  /**
   * The model call ran and no provider instrumentation recorded it (a model provider we do not
   * instrument, or the OpenAI instrumentation off): its SDK span's facts become the call's one
   * inference span, after the fact, through the shared recorder (usage, metrics, cost).
   */
  private recordUntracedModelCall(span: AgentsSpan, modelCall: OpenModelCall): void {
    const telemetry = this.telemetry?.();
    if (telemetry === undefined) return;
    const parentContext =
      modelCall.parentRunId === undefined ? undefined : this.tracker.getContext(modelCall.parentRunId);
    const { request, result } = untracedModelCall(span.spanData);
    const recording = InferenceRecording.start(telemetry, request, {
      kind: SpanKind.CLIENT,
      startTime: modelCall.startTime,
      ...(parentContext === undefined ? {} : { parentContext }),
    });
    recording.recordResult(result);
    if (span.error) recording.endWithError(agentsError(span.error));
    else recording.end();
  }

  private guard(operation: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      diag.error(`genai-otel: OpenAI Agents ${operation} failed`, error);
    }
  }
}

/** A model-call SDK span while it runs. */
interface OpenModelCall {
  scope: InferenceScope;
  /** When its start was reported (epoch ms). */
  startTime: number;
  /** The traced run it hangs under. */
  parentRunId: string | undefined;
}

/**
 * An Error for the SDK's `{ message, data }` span error, so the span records a readable exception.
 * A failed tool says only "Error running tool"; the cause is in `data.error` (which the SDK leaves
 * out when `traceIncludeSensitiveData` is off).
 */
function agentsError(error: { message: string; data?: Record<string, unknown> }): Error {
  const cause = error.data?.error;
  const described = new Error(
    typeof cause === 'string' && cause !== '' ? `${error.message}: ${cause}` : error.message,
  );
  described.name = 'AgentsSpanError';
  return described;
}
