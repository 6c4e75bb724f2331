import { type Attributes, type Context, diag, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_RUN_EVICTED,
  ATTR_RUN_ID,
  ATTR_RUN_MISSING_PARENT,
  ATTR_RUN_TIMED_OUT,
} from '../genai/semconv';
import { genAISpanNameOf } from '../genai/span-name';
import { recordError } from '../tracing/error-recording';
import { resolveParentContext } from '../tracing/explicit-parent';
import { kindTraits } from '../tracing/span-kinds';
import type { ExplicitParent, SpanOptions, TracedKind } from '../tracing/span-options';
import { createManualSpan } from '../tracing/start-span';
import type { ManualSpan } from '../tracing/traced-span';

/** Options of {@link RunTracker}. */
export interface RunTrackerOptions {
  /** A run not ended this long after it started is closed with status ERROR (`error.type` `timeout`). Default 10 minutes. */
  timeoutMs?: number;
  /** How long a run waits for its parent's start event before becoming a root. Default 60 s (capped by `timeoutMs`). */
  parentWaitMs?: number;
  /** Most runs open or waiting at once; starting another closes the oldest (marked evicted). Default 10,000. */
  maxOpenRuns?: number;
  /** How many ended runs are remembered so that late children still find their parent. Default 10,000. */
  maxEndedRuns?: number;
  /** How often overdue runs are looked for. Default a tenth of `parentWaitMs`, at least 1 s. */
  sweepIntervalMs?: number;
  /** Clock in epoch milliseconds (tests). Default `Date.now`. */
  now?: () => number;
}

/** Options of {@link RunTracker.start}. */
export interface RunStartOptions
  extends Omit<SpanOptions, 'kind' | 'attributes' | 'parent' | 'outputReducer'> {
  /** Span name; default the conventional one for the kind (`execute_tool {gen_ai.tool.name}` …). */
  name?: string;
  /** Recorded as the run's input when content capture is on. */
  input?: unknown;
  /** When the run started, if the event says (epoch ms); default now. */
  startTime?: number;
  /** Parent for a root run (no `parentRunId`); default the context active at `start()`. */
  parent?: ExplicitParent;
  /**
   * Creates the run's span instead of a manual span of the run's kind, e.g. an inference span
   * through the shared GenAI recorder. Called when the run's parent is known, with the parent
   * context and the run's attributes (run id included).
   */
  createSpan?: (parentContext: Context, attributes: Attributes) => { span: ManualSpan; spanContext: Context };
}

/** Options of {@link RunTracker.end} and {@link RunTracker.fail}. */
export interface RunEndOptions {
  /** When the run ended, if the event says (epoch ms); default now. */
  endTime?: number;
  /** Attributes to add before the span ends (usage, finish reasons …). */
  attributes?: Attributes;
}

interface PendingEnd {
  outcome: 'end' | 'fail';
  value: unknown;
  options: RunEndOptions;
  endTime: number;
  receivedAt: number;
  /** Ends the span at this moment on the SDK's own clock (finer than `endTime`'s milliseconds). */
  endsNow?: boolean;
}

interface RunRecord {
  runId: string;
  parentRunId: string | undefined;
  kind: TracedKind;
  name: string;
  attributes: Attributes;
  options: RunStartOptions;
  startTime: number;
  /** No explicit start time and the real clock: a span opened at once can take the SDK's own. */
  startsNow: boolean;
  /** The context the run's span starts in when it has no (known) parent run. */
  rootContext: Context;
  span?: ManualSpan;
  spanContext?: Context;
  pendingEnd?: PendingEnd;
}

/**
 * Builds a correctly parented span tree from start/end events identified by run ids, as
 * callback systems report them (LangChain/LlamaIndex `run_id` / `parent_run_id`, logger and
 * load-runner hooks). Parenting comes from the ids, never from the async context the events
 * arrive in. Events may come out of order: a child started before its parent waits for it (and
 * becomes a root after `parentWaitMs`), an end before its start is kept until the start comes,
 * and a child of an ended parent still finds it. Runs never ended are closed after `timeoutMs`
 * with status ERROR; memory is bounded by `maxOpenRuns` and `maxEndedRuns`.
 *
 * @example
 * const runs = new RunTracker();
 * handler.onChainStart = (e) => runs.start(e.runId, e.parentRunId, 'workflow', { 'gen_ai.workflow.name': e.name });
 * handler.onToolStart = (e) => runs.start(e.runId, e.parentRunId, 'tool', { 'gen_ai.tool.name': e.name }, { input: e.input });
 * handler.onToolEnd = (e) => runs.end(e.runId, e.output);
 * handler.onToolError = (e) => runs.fail(e.runId, e.error);
 */
export class RunTracker {
  private readonly timeoutMs: number;
  private readonly parentWaitMs: number;
  private readonly maxOpenRuns: number;
  private readonly maxEndedRuns: number;
  private readonly sweepIntervalMs: number;
  private readonly now: () => number;
  /** Runs whose span is open, oldest first. */
  private readonly open = new Map<string, RunRecord>();
  /** Runs started whose parent has not started yet, oldest first. */
  private readonly waiting = new Map<string, RunRecord>();
  /** End/fail events of runs not started yet. */
  private readonly earlyEnds = new Map<string, PendingEnd>();
  /** Contexts of ended runs, for children that start late; oldest first. */
  private readonly ended = new Map<string, Context>();
  private timer: ReturnType<typeof setInterval> | undefined;
  /**
   * Runs started and ended as their events arrive are timed by the SDK, whose clock is finer than
   * `Date.now()` (a sub-millisecond tool would otherwise last 0 µs); runs opened or ended late
   * keep the times their events carried.
   */
  private readonly realClock: boolean;

  constructor(options: RunTrackerOptions = {}) {
    this.timeoutMs = positive(options.timeoutMs, 10 * 60_000);
    this.parentWaitMs = Math.min(positive(options.parentWaitMs, 60_000), this.timeoutMs);
    this.maxOpenRuns = positive(options.maxOpenRuns, 10_000);
    this.maxEndedRuns = positive(options.maxEndedRuns, 10_000);
    this.sweepIntervalMs = positive(options.sweepIntervalMs, Math.max(1000, this.parentWaitMs / 10));
    this.now = options.now ?? Date.now;
    this.realClock = options.now === undefined;
  }

  /** Number of runs open or waiting for their parent. */
  get openRunCount(): number {
    return this.open.size + this.waiting.size;
  }

  /** Records that run `runId` started, as a child of `parentRunId` (or a root when absent). */
  start(
    runId: string,
    parentRunId: string | null | undefined,
    kind: TracedKind,
    attributes: Attributes = {},
    options: RunStartOptions = {},
  ): void {
    this.guard('start', () => {
      if (this.open.has(runId) || this.waiting.has(runId) || this.ended.has(runId)) {
        diag.debug(`genai-otel: run ${runId} started twice; ignoring the second start`);
        return;
      }
      this.makeRoom();
      const rootContext = resolveParentContext(options.parent);
      const record: RunRecord = {
        runId,
        parentRunId: parentRunId ?? undefined,
        kind,
        name: options.name ?? conventionalName(kind, attributes),
        attributes,
        options,
        startTime: options.startTime ?? this.now(),
        startsNow: this.realClock && options.startTime === undefined,
        rootContext,
      };
      if (record.parentRunId === undefined) {
        this.open_(record, rootContext, true);
        return;
      }
      const parentContext =
        this.open.get(record.parentRunId)?.spanContext ?? this.ended.get(record.parentRunId);
      if (parentContext) this.open_(record, parentContext, true);
      else this.waiting.set(runId, record);
      this.ensureTimer();
    });
  }

  /** Records that run `runId` finished with `output` (recorded when content capture is on). */
  end(runId: string, output?: unknown, options: RunEndOptions = {}): void {
    this.guard('end', () => this.settle(runId, 'end', output, options));
  }

  /** Records that run `runId` failed with `error`. */
  fail(runId: string, error: unknown, options: RunEndOptions = {}): void {
    this.guard('fail', () => this.settle(runId, 'fail', error, options));
  }

  /** The context with run `runId`'s span active, to run code (or start spans) under it. */
  getContext(runId: string): Context | undefined {
    return this.open.get(runId)?.spanContext ?? this.ended.get(runId);
  }

  /** The span of an open run. */
  getSpan(runId: string): Span | undefined {
    return this.open.get(runId)?.span;
  }

  /** Whether run `runId` is open or waiting for its parent (false once ended, timed out or evicted). */
  isTracking(runId: string): boolean {
    return this.open.has(runId) || this.waiting.has(runId);
  }

  /**
   * Closes overdue runs: waiting runs whose parent never came become roots, open runs past
   * `timeoutMs` end with status ERROR, and ends of runs that never started are dropped. Runs by
   * itself on a timer; call it directly in tests.
   */
  sweep(): void {
    this.guard('sweep', () => {
      const now = this.now();
      for (const record of [...this.waiting.values()]) {
        if (now - record.startTime >= this.parentWaitMs && this.waiting.has(record.runId))
          this.orphan(record);
      }
      for (const record of [...this.open.values()]) {
        if (now - record.startTime >= this.timeoutMs)
          this.close(record, ATTR_RUN_TIMED_OUT, `was not ended within ${this.timeoutMs} ms`);
      }
      for (const [runId, pending] of this.earlyEnds) {
        if (now - pending.receivedAt >= this.timeoutMs) this.earlyEnds.delete(runId);
      }
      if (this.open.size + this.waiting.size + this.earlyEnds.size === 0) this.stopTimer();
    });
  }

  /** Closes every open run (status ERROR, marked timed out) and forgets all state; for shutdown. */
  closeAll(): void {
    this.guard('closeAll', () => {
      for (const record of [...this.waiting.values()]) this.orphan(record);
      for (const record of [...this.open.values()])
        this.close(record, ATTR_RUN_TIMED_OUT, 'was still open at shutdown');
      this.earlyEnds.clear();
      this.ended.clear();
      this.stopTimer();
    });
  }

  private settle(
    runId: string,
    outcome: PendingEnd['outcome'],
    value: unknown,
    options: RunEndOptions,
  ): void {
    const pending: PendingEnd = {
      outcome,
      value,
      options,
      endTime: options.endTime ?? this.now(),
      receivedAt: this.now(),
    };
    const record = this.open.get(runId) ?? this.waiting.get(runId);
    if (record === undefined) {
      if (this.ended.has(runId)) {
        diag.debug(`genai-otel: run ${runId} ended twice; ignoring`);
        return;
      }
      if (this.earlyEnds.size >= this.maxOpenRuns)
        this.earlyEnds.delete(this.earlyEnds.keys().next().value as string);
      this.earlyEnds.set(runId, pending);
      this.ensureTimer();
      return;
    }
    if (record.span === undefined) {
      record.pendingEnd = pending;
      return;
    }
    this.finish(record, { ...pending, endsNow: this.realClock && options.endTime === undefined });
  }

  /** Starts the run's span under `parentContext`, then applies an early end and releases waiting children. */
  private open_(record: RunRecord, parentContext: Context, atStartEvent = false): void {
    this.waiting.delete(record.runId);
    const attributes = { ...record.attributes, [ATTR_RUN_ID]: record.runId };
    const { span, spanContext } = record.options.createSpan
      ? record.options.createSpan(parentContext, attributes)
      : createManualSpan(
          record.name,
          { ...record.options, kind: record.kind, attributes },
          parentContext,
          atStartEvent && record.startsNow ? undefined : record.startTime,
        );
    record.span = span;
    record.spanContext = spanContext;
    if ('input' in record.options && span.capturesInput) span.setInput(record.options.input);
    this.open.set(record.runId, record);
    const early = record.pendingEnd ?? this.earlyEnds.get(record.runId);
    this.earlyEnds.delete(record.runId);
    if (early) this.finish(record, early);
    for (const child of [...this.waiting.values()]) {
      if (child.parentRunId === record.runId) this.open_(child, spanContext);
    }
  }

  private finish(record: RunRecord, pending: PendingEnd): void {
    const span = record.span as ManualSpan;
    if (pending.options.attributes) span.setAttributes(pending.options.attributes);
    if (pending.outcome === 'fail') recordError(span, pending.value);
    else if (pending.value !== undefined) span.recordReturnValue(pending.value);
    if (pending.endsNow) span.end();
    // An end reported before its start must not make a negative duration.
    else span.end(Math.max(pending.endTime, record.startTime));
    this.forget(record);
  }

  private close(record: RunRecord, marker: string, why: string): void {
    const span = record.span as ManualSpan;
    span.setAttribute(marker, true);
    span.setAttribute(ATTR_ERROR_TYPE, 'timeout');
    span.setStatus({ code: SpanStatusCode.ERROR, message: `run ${record.runId} ${why}` });
    span.end();
    this.forget(record);
  }

  private orphan(record: RunRecord): void {
    diag.debug(
      `genai-otel: parent run ${record.parentRunId} of run ${record.runId} never started; making it a root`,
    );
    const attributes = { ...record.attributes, [ATTR_RUN_MISSING_PARENT]: record.parentRunId ?? '' };
    record.attributes = attributes;
    this.open_(record, record.rootContext);
  }

  private forget(record: RunRecord): void {
    this.open.delete(record.runId);
    if (record.spanContext) {
      // By its ids only: the ended span object (attributes, events) need not live on for late children.
      const ids = record.span?.spanContext();
      const endedContext =
        ids === undefined
          ? record.spanContext
          : trace.setSpan(record.spanContext, trace.wrapSpanContext(ids));
      this.ended.set(record.runId, endedContext);
      if (this.ended.size > this.maxEndedRuns) this.ended.delete(this.ended.keys().next().value as string);
    }
  }

  /** Keeps open + waiting runs under the cap by closing the oldest. */
  private makeRoom(): void {
    while (this.open.size + this.waiting.size >= this.maxOpenRuns) {
      const oldestWaiting = this.waiting.values().next().value;
      if (oldestWaiting) {
        this.orphan(oldestWaiting);
        continue;
      }
      const oldest = this.open.values().next().value;
      if (!oldest) return;
      this.close(oldest, ATTR_RUN_EVICTED, `was closed because more than ${this.maxOpenRuns} runs were open`);
    }
  }

  private ensureTimer(): void {
    if (this.timer !== undefined) return;
    // Never keep the process alive for telemetry housekeeping.
    this.timer = setInterval(() => this.sweep(), this.sweepIntervalMs);
    this.timer.unref?.();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private guard(operation: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      diag.error(`genai-otel: RunTracker.${operation} failed`, error);
    }
  }
}

function conventionalName(kind: TracedKind, attributes: Attributes): string {
  const traitOperation = kindTraits(kind).operationName;
  if (traitOperation === undefined) return kind;
  const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  // A model run names its own operation (`text_completion` …); other kinds are what they are.
  return genAISpanNameOf(
    kind === 'llm' && typeof operation === 'string' ? operation : traitOperation,
    attributes,
  );
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
