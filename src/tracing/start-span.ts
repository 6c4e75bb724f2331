import {
  type Attributes,
  type Context,
  context,
  diag,
  INVALID_SPAN_CONTEXT,
  trace,
} from '@opentelemetry/api';
import { shouldCaptureContent } from '../content/capture-policy';
import { globalGenAITelemetry } from '../genai/global-telemetry';
import { InferenceRecording } from '../genai/inference-recording';
import type { InferenceRequest } from '../genai/inference-types';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SPAN_KIND,
} from '../genai/semconv';
import { enterToolExecution } from '../genai/tool-execution-scope';
import { resolveParentContext } from './explicit-parent';
import { InferenceSpan } from './inference-span';
import { splitOptionsAndCallback } from './options-and-callback';
import { followResult } from './result-follower';
import { SpanCompletion } from './span-completion';
import { kindTraits } from './span-kinds';
import type { SpanOptions, StartSpanOptions, TracedKind } from './span-options';
import { getTraceAttributes } from './trace-attributes';
import { ManualSpan, type TracedSpan } from './traced-span';
import { manualTracer, TRACER_NAME } from './tracer';

/**
 * Runs `fn(span)` with a new span active and ends the span when `fn`'s work is done — exactly
 * once, never before:
 *
 * - a plain value: when `fn` returns; a Promise: when it settles;
 * - an iterator, generator or async iterable: when it is exhausted, broken out of, or throws;
 * - a `ReadableStream` or `Response`: when its body is read to the end, cancelled, or fails
 *   (the caller gets an equivalent new object; see docs/manual-tracing.md).
 *
 * The caller gets back what `fn` returned (for iterators, the very same object). An exception is
 * recorded on the span (exception event, status ERROR, `error.type`) and rethrown unchanged.
 * Inputs and outputs are recorded only when content capture is on.
 *
 * @example
 * const answer = await startSpan('rerank', { kind: 'task', input: docs }, async (span) => {
 *   const ranked = await rerank(docs);
 *   span.setAttributes({ 'app.rerank.count': ranked.length });
 *   return ranked; // recorded as the output when capture is on
 * });
 */
export function startSpan<T>(name: string, fn: (span: TracedSpan) => T): T;
export function startSpan<T>(name: string, options: StartSpanOptions, fn: (span: TracedSpan) => T): T;
export function startSpan<T>(
  name: string,
  optionsOrFn: StartSpanOptions | ((span: TracedSpan) => T),
  maybeFn?: (span: TracedSpan) => T,
): T {
  const { options, fn } = splitOptionsAndCallback('startSpan(name, [options,] fn)', optionsOrFn, maybeFn);
  return runInSpan(name, options, 'input' in options ? () => options.input : undefined, fn);
}

/**
 * The engine behind startSpan, traced and the helpers. Starting the span is guarded: if
 * telemetry fails, `fn` still runs (with a non-recording span) and its outcome is untouched.
 */
export function runInSpan<T>(
  name: string,
  options: StartSpanOptions,
  readInput: (() => unknown) | undefined,
  fn: (span: TracedSpan) => T,
): T {
  let completion: SpanCompletion;
  let spanContext: Context;
  try {
    ({ completion, spanContext } = beginSpan(name, options));
  } catch (error) {
    diag.error('genai-otel: could not start a manual span; running the function untraced', error);
    return fn(nonRecordingSpan());
  }
  return runWithCompletion(completion, spanContext, readInput, fn);
}

/** Runs `fn` in `spanContext` and hands its outcome to `completion` (record input, follow result, record errors). */
export function runWithCompletion<T, S extends TracedSpan>(
  completion: SpanCompletion,
  spanContext: Context,
  readInput: (() => unknown) | undefined,
  fn: (span: S) => T,
): T {
  // Read lazily: mapping arguments costs nothing when capture is off.
  if (readInput && completion.span.capturesInput) {
    try {
      completion.span.setInput(readInput());
    } catch (error) {
      diag.warn('genai-otel: reading the span input failed; recording none', error);
    }
  }
  let result: T;
  try {
    result = context.with(spanContext, fn, undefined, completion.span as unknown as S);
  } catch (error) {
    completion.fail(error);
    throw error;
  }
  return followResult(result, completion, spanContext);
}

function beginSpan(
  name: string,
  options: StartSpanOptions,
): { completion: SpanCompletion; spanContext: Context } {
  const { span, spanContext } = createManualSpan(name, options, resolveParentContext(options.parent));
  return { completion: new SpanCompletion(span, options.outputReducer), spanContext };
}

/**
 * Starts (without activating) a manual span under `parentContext`: kind traits, trace attributes,
 * content-capture decision. Returns the span and the context that has it active.
 */
export function createManualSpan(
  name: string | undefined,
  options: SpanOptions,
  parentContext: Context,
  startTime?: number,
): { span: ManualSpan; spanContext: Context } {
  const kind = options.kind ?? 'plain';
  const traits = kindTraits(kind);
  const capture = options.captureContent ?? shouldCaptureContent(parentContext);
  const attributes: Attributes = { [ATTR_SPAN_KIND]: kind };
  if (traits.operationName) attributes[ATTR_GEN_AI_OPERATION_NAME] = traits.operationName;
  // Also applied by TraceAttributesSpanProcessor; set here too so manual spans carry them even
  // under an SDK set up without that processor. Explicit attributes win.
  Object.assign(attributes, getTraceAttributes(parentContext), options.attributes);
  const settings = {
    kind,
    captureInput: capture && options.captureInput !== false,
    captureOutput: capture && options.captureOutput !== false,
  };
  if (isModelCall(kind)) {
    // Model calls go through the shared recorder, for their metrics and cost.
    const recording = InferenceRecording.start(
      globalGenAITelemetry(TRACER_NAME),
      inferenceRequestOf(attributes, traits.operationName ?? kind),
      {
        parentContext,
        kind: options.spanKind ?? traits.spanKind,
        captureContent: capture,
        spanName: name,
        startTime,
      },
    );
    const span = new InferenceSpan(recording, settings);
    return { span, spanContext: trace.setSpan(parentContext, span) };
  }
  const otelSpan = manualTracer().startSpan(
    name ?? kind,
    { kind: options.spanKind ?? traits.spanKind, attributes, startTime },
    parentContext,
  );
  const span = new ManualSpan(otelSpan, settings);
  const spanContext = trace.setSpan(parentContext, span);
  // Tool calls made inside (e.g. an MCP `tools/call`) then know an `execute_tool` span covers them.
  if (kind === 'tool')
    return { span, spanContext: enterToolExecution(spanContext, attributes[ATTR_GEN_AI_TOOL_NAME]) };
  return { span, spanContext };
}

function isModelCall(kind: TracedKind): boolean {
  return kind === 'llm' || kind === 'embeddings';
}

/** The recorder's request for a manual model-call span: the identifying attributes, and all of them as given. */
function inferenceRequestOf(attributes: Attributes, defaultOperation: string): InferenceRequest {
  const text = (key: string) =>
    typeof attributes[key] === 'string' ? (attributes[key] as string) : undefined;
  const request: InferenceRequest = {
    operationName: text(ATTR_GEN_AI_OPERATION_NAME) ?? defaultOperation,
    attributes,
  };
  const provider = text(ATTR_GEN_AI_PROVIDER_NAME);
  if (provider !== undefined) request.providerName = provider;
  const model = text(ATTR_GEN_AI_REQUEST_MODEL);
  if (model !== undefined) request.requestModel = model;
  const serverAddress = text(ATTR_SERVER_ADDRESS);
  if (serverAddress !== undefined) request.serverAddress = serverAddress;
  const serverPort = attributes[ATTR_SERVER_PORT];
  if (typeof serverPort === 'number') request.serverPort = serverPort;
  return request;
}

function nonRecordingSpan(): TracedSpan {
  return new ManualSpan(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), {
    kind: 'plain',
    captureInput: false,
    captureOutput: false,
  });
}
