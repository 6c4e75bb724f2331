import type { Span } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** What {@link OpenAIInstrumentationConfig.requestHook} receives. */
export interface OpenAIRequestHookInfo {
  /** The SDK method, e.g. `chat.completions.create`. */
  method: string;
  /** The request parameters as passed to the SDK (do not mutate). */
  params: Readonly<Record<string, unknown>>;
}

/** What {@link OpenAIInstrumentationConfig.responseHook} receives. */
export interface OpenAIResponseHookInfo {
  method: string;
  /** The parsed response; for streams, undefined (the hook runs when the stream ends). */
  response: unknown;
}

/**
 * Options of {@link OpenAIInstrumentation}.
 *
 * Message content (prompts, completions, tool arguments, instructions) is recorded only when
 * content capture is on: the `captureMessageContent` option of `register()`, else
 * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`, and `withContentCapture()` for one
 * part of the app. Off by default.
 */
export interface OpenAIInstrumentationConfig extends InstrumentationConfig {
  /**
   * How long a response or stream may stay unread before its span is ended anyway, marked
   * `genai_otel.response.unconsumed=true` (docs/streaming.md). `0` disables the timeout.
   * Default 60000. Environment: `GENAI_OTEL_UNCONSUMED_RESPONSE_TIMEOUT_MS` (the option wins).
   */
  unconsumedResponseTimeoutMs?: number;
  /** Called right after the span starts; a throwing hook is reported to `diag` and ignored. */
  requestHook?: (span: Span, info: OpenAIRequestHookInfo) => void;
  /** Called right before the span ends; a throwing hook is reported to `diag` and ignored. */
  responseHook?: (span: Span, info: OpenAIResponseHookInfo) => void;
}
