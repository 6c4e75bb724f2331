import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Options of {@link AISdkInstrumentation}. Content capture follows
 * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` / `register({ captureMessageContent })`, and
 * an AI SDK call's own `telemetry: { recordInputs: false, recordOutputs: false }` removes the content
 * before genai-otel sees it.
 */
export interface AISdkInstrumentationConfig extends InstrumentationConfig {
  /**
   * An SDK call, model call or tool execution not ended this long after it started is closed with
   * status ERROR (`error.type` `timeout`), so a lost event never leaks a span. Default 10 minutes.
   */
  runTimeoutMs?: number;
  /**
   * How long a streaming call (`streamText`, `streamObject`) may make no progress before its spans
   * end with `genai_otel.response.unconsumed=true`: when an app stops reading a stream (`break`),
   * the SDK reports nothing more. `0` disables it. Default 60000. Environment:
   * `GENAI_OTEL_UNCONSUMED_RESPONSE_TIMEOUT_MS` (the option wins).
   */
  unconsumedResponseTimeoutMs?: number;
}
