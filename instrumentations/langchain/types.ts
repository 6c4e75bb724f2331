import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Options of {@link LangChainInstrumentation}. Content capture follows
 * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` / `register({ captureMessageContent })`.
 */
export interface LangChainInstrumentationConfig extends InstrumentationConfig {
  /**
   * A run (chain, model, tool …) not ended this long after it started is closed with status ERROR
   * (`error.type` `timeout`), so a lost callback never leaks a span. Default 10 minutes.
   */
  runTimeoutMs?: number;
}
