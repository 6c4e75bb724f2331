import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Options of {@link MCPInstrumentation}. Content capture (tool arguments and results, prompt
 * arguments and messages, resource contents) follows genai-otel's content policy
 * (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`, `withContentCapture`).
 */
export type MCPInstrumentationConfig = InstrumentationConfig;
