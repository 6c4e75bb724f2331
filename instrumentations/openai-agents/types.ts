import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Options of {@link OpenAIAgentsInstrumentation}. Content capture (tool arguments and results)
 * follows `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` / `register({ captureMessageContent })`.
 */
export interface OpenAIAgentsInstrumentationConfig extends InstrumentationConfig {
  /**
   * An SDK span (agent, tool …) not ended this long after it started is closed with status ERROR
   * (`error.type` `timeout`), so a lost end never leaks a span. Default 10 minutes.
   */
  runTimeoutMs?: number;
}
