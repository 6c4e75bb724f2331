import type { Attributes, Context, Span, SpanContext, SpanKind } from '@opentelemetry/api';

/**
 * What a manual span stands for. GenAI kinds get the operation name, OpenTelemetry span kind and
 * content attributes of the GenAI semantic conventions; `task` and `plain` are ordinary spans.
 */
export type TracedKind =
  | 'llm'
  | 'embeddings'
  | 'retrieval'
  | 'tool'
  | 'agent'
  | 'workflow'
  | 'task'
  | 'plain';

/**
 * Where a span hangs in the trace when it should not simply be a child of the active span:
 * an OpenTelemetry span or span context, a whole context, or a W3C `traceparent` header value.
 * `null` starts a new trace.
 */
export type ExplicitParent = Span | SpanContext | Context | string | null;

/** Options shared by {@link startSpan}, {@link traced} and the GenAI helpers. */
export interface SpanOptions {
  /** What the span stands for; default `plain`. */
  kind?: TracedKind;
  /** Overrides the OpenTelemetry span kind derived from `kind` (CLIENT for model calls, else INTERNAL). */
  spanKind?: SpanKind;
  /** Attributes set when the span starts, so samplers can see them. */
  attributes?: Attributes;
  /** Parent other than the active span; see {@link ExplicitParent}. */
  parent?: ExplicitParent;
  /**
   * Records inputs and outputs for this span even if content capture is off globally (`true`), or
   * never (`false`). Unset: follow `withContentCapture()` / the global setting.
   */
  captureContent?: boolean;
  /** When content is captured, whether to record the input; default `true`. */
  captureInput?: boolean;
  /** When content is captured, whether to record the output (the return value); default `true`. */
  captureOutput?: boolean;
  /**
   * Folds the items of a returned iterator or stream into the one output that is recorded.
   * Default: strings and text bytes are concatenated, anything else is kept as an array.
   * Only called when the output is captured.
   */
  outputReducer?: (items: unknown[]) => unknown;
}

/** Options of {@link startSpan}. */
export interface StartSpanOptions extends SpanOptions {
  /** The span's input, recorded when content capture is on. */
  input?: unknown;
}
