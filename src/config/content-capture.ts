import { getProcessState } from '../process-state';

/**
 * Whether message content may be recorded, process-wide: the register option when genai-otel was
 * registered, otherwise `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` (so an instrumentation
 * used with someone else's SDK follows the standard variable). Off unless asked for.
 */
export function isContentCaptureEnabledGlobally(): boolean {
  const configured = getProcessState().config?.captureMessageContent;
  if (configured !== undefined) return configured;
  return process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT?.trim().toLowerCase() === 'true';
}
