import type { Span } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** What {@link GenAISdkInstrumentationConfig.requestHook} receives. */
export interface SdkRequestHookInfo {
  /** The SDK method, e.g. `chat.completions.create` or `messages.create`. */
  method: string;
  /** The request parameters as passed to the SDK (do not mutate). */
  params: Readonly<Record<string, unknown>>;
}

/** What {@link GenAISdkInstrumentationConfig.responseHook} receives. */
export interface SdkResponseHookInfo {
  method: string;
  /** The parsed response; for streams, undefined (the hook runs when the stream ends). */
  response: unknown;
}

/**
 * Options of every model-SDK instrumentation (OpenAI, Anthropic, …).
 *
 * Message content (prompts, completions, tool arguments, instructions) is recorded only when
 * content capture is on: the `captureMessageContent` option of `register()`, else
 * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`, and `withContentCapture()` for one
 * part of the app. Off by default.
 */
export interface GenAISdkInstrumentationConfig extends InstrumentationConfig {
  /**
   * How long a response or stream may stay unread before its span is ended anyway, marked
   * `genai_otel.response.unconsumed=true` (docs/streaming.md). `0` disables the timeout.
   * Default 60000. Environment: `GENAI_OTEL_UNCONSUMED_RESPONSE_TIMEOUT_MS` (the option wins).
   */
  unconsumedResponseTimeoutMs?: number;
  /** Called right after the span starts; a throwing hook is reported to `diag` and ignored. */
  requestHook?: (span: Span, info: SdkRequestHookInfo) => void;
  /** Called right before the span ends; a throwing hook is reported to `diag` and ignored. */
  responseHook?: (span: Span, info: SdkResponseHookInfo) => void;
}
