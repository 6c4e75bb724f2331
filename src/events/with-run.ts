import {
  type Attributes,
  context,
  diag,
  isSpanContextValid,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_RUN_CALLS,
  ATTR_RUN_COST_USD,
  ATTR_RUN_ERRORS,
  ATTR_RUN_INPUT_TOKENS,
  ATTR_RUN_LATENCY_P50_MS,
  ATTR_RUN_LATENCY_P90_MS,
  ATTR_RUN_LATENCY_P99_MS,
  ATTR_RUN_NAME,
  ATTR_RUN_OUTPUT_TOKENS,
  ATTR_RUN_PARAM_PREFIX,
  ATTR_RUN_TOOL_CALLS,
  ATTR_RUN_TOOL_ERRORS,
  ATTR_RUN_UNPRICED_CALLS,
} from '../genai/semconv';
import { startSpan } from '../tracing/start-span';
import type { TracedSpan } from '../tracing/traced-span';
import { eventBus } from './event-bus';
import type { EventError, RunEvent, RunSummary } from './event-types';
import { RunAccumulator, setRunAccumulator } from './run-accumulator';

/** Options of {@link withRun}. */
export interface RunOptions {
  /** The run's name (an experiment, a load test …); the span is `run {name}`. */
  name: string;
  /** Parameters of the run, recorded as `genai_otel.run.param.<key>` and on the run events. */
  params?: Record<string, string | number | boolean>;
  /** More attributes for the run span. */
  attributes?: Attributes;
}

/**
 * Runs `fn` as one run — an experiment, a batch, a load test — under a span `run {name}` that
 * carries `params`, and sums up every model and tool call made inside it, from any source:
 * calls, errors, token totals, cost and model-call latency p50/p90/p99. The summary goes on the
 * run span (`genai_otel.run.*`) and out as a `run.summary` event (see {@link onRunSummary}); a
 * `run.start` event comes first. `fn`'s result or error is passed through unchanged.
 *
 * @example
 * await withRun({ name: 'prompt-v2-load', params: { concurrency: 8, prompt: 'v2' } }, async () => {
 *   await Promise.all(questions.map((q) => ask(q)));
 * });
 * // onRunSummary((e) => console.log(e.summary.latencyMs.p99, e.summary.costUsd))
 */
export async function withRun<T>(options: RunOptions, fn: (span: TracedSpan) => T | Promise<T>): Promise<T> {
  const accumulator = new RunAccumulator();
  const params = { ...options.params };
  const startedAt = performance.now();
  let spanContext: SpanContext | undefined;
  // The run span's parent is the span active here (startSpan is given no other).
  const activeParent = trace.getActiveSpan()?.spanContext();
  const parentSpanId = activeParent && isSpanContextValid(activeParent) ? activeParent.spanId : undefined;
  let summary: RunSummary | undefined;
  let error: EventError | undefined;
  const attributes: Attributes = { ...options.attributes, [ATTR_RUN_NAME]: options.name };
  for (const [key, value] of Object.entries(params)) attributes[`${ATTR_RUN_PARAM_PREFIX}${key}`] = value;
  try {
    return await context.with(setRunAccumulator(context.active(), accumulator), () =>
      startSpan(`run ${options.name}`, { kind: 'task', attributes }, async (span) => {
        spanContext = span.spanContext();
        publishRunEvent('run.start', options.name, params, spanContext, parentSpanId, 'unset');
        try {
          return await fn(span);
        } finally {
          // A throw here would replace fn's own result or error.
          try {
            summary = accumulator.summary(performance.now() - startedAt);
            span.setAttributes(summaryAttributes(summary));
          } catch (failure) {
            diag.error('genai-otel: could not summarise a run', failure);
          }
        }
      }),
    );
  } catch (thrown) {
    error = {
      type: thrown instanceof Error ? thrown.constructor.name : typeof thrown,
      message: thrown instanceof Error ? thrown.message : String(thrown),
    };
    throw thrown;
  } finally {
    if (spanContext !== undefined) {
      publishRunEvent(
        'run.summary',
        options.name,
        params,
        spanContext,
        parentSpanId,
        error ? 'error' : 'ok',
        error,
        summary,
      );
    }
  }
}

function publishRunEvent(
  type: RunEvent['type'],
  runName: string,
  params: RunEvent['params'],
  spanContext: SpanContext,
  parentSpanId: string | undefined,
  status: RunEvent['status'],
  error?: EventError,
  summary?: RunSummary,
): void {
  try {
    const bus = eventBus();
    if (!bus.wants(type)) return;
    const event: RunEvent = {
      type,
      category: 'run',
      traceId: spanContext.traceId,
      spanId: spanContext.spanId,
      time: Date.now(),
      runName,
      params,
      status,
    };
    if (parentSpanId) event.parentSpanId = parentSpanId;
    if (error) event.error = error;
    if (summary) event.summary = summary;
    bus.publish(event);
  } catch (failure) {
    diag.debug('genai-otel: could not publish a run event', failure);
  }
}

function summaryAttributes(summary: RunSummary): Attributes {
  const attributes: Attributes = {
    [ATTR_RUN_CALLS]: summary.calls,
    [ATTR_RUN_ERRORS]: summary.errors,
    [ATTR_RUN_TOOL_CALLS]: summary.toolCalls,
    [ATTR_RUN_TOOL_ERRORS]: summary.toolErrors,
    [ATTR_RUN_INPUT_TOKENS]: summary.usage.inputTokens,
    [ATTR_RUN_OUTPUT_TOKENS]: summary.usage.outputTokens,
    [ATTR_RUN_UNPRICED_CALLS]: summary.unpricedCalls,
  };
  if (summary.costUsd !== undefined) attributes[ATTR_RUN_COST_USD] = summary.costUsd;
  if (summary.latencyMs !== undefined) {
    attributes[ATTR_RUN_LATENCY_P50_MS] = summary.latencyMs.p50;
    attributes[ATTR_RUN_LATENCY_P90_MS] = summary.latencyMs.p90;
    attributes[ATTR_RUN_LATENCY_P99_MS] = summary.latencyMs.p99;
  }
  return attributes;
}
