import { diag } from '@opentelemetry/api';
import { getProcessState } from '../process-state';

/**
 * Whether and where message content is recorded, in the values of
 * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` that OpenTelemetry's GenAI utilities use:
 * nowhere, on the span's attributes, on the `gen_ai.client.inference.operation.details` log event,
 * or both. `true` means `SPAN_ONLY` and `false` `NO_CONTENT`, as before these modes existed.
 */
export type ContentCaptureMode = 'NO_CONTENT' | 'SPAN_ONLY' | 'EVENT_ONLY' | 'SPAN_AND_EVENT';

const MODES: readonly ContentCaptureMode[] = ['NO_CONTENT', 'SPAN_ONLY', 'EVENT_ONLY', 'SPAN_AND_EVENT'];

/** The mode a `captureMessageContent` option or variable value names (case-insensitive); undefined if none. */
export function parseContentCaptureMode(value: boolean | string | undefined): ContentCaptureMode | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'SPAN_ONLY' : 'NO_CONTENT';
  const normalized = value.trim().toUpperCase();
  if (normalized === 'TRUE') return 'SPAN_ONLY';
  if (normalized === 'FALSE') return 'NO_CONTENT';
  return MODES.find((mode) => mode === normalized);
}

/** Whether a mode records content on span attributes. */
export function capturesOnSpans(mode: ContentCaptureMode): boolean {
  return mode === 'SPAN_ONLY' || mode === 'SPAN_AND_EVENT';
}

/** Whether a mode emits the `gen_ai.client.inference.operation.details` event. */
export function emitsDetailsEvents(mode: ContentCaptureMode): boolean {
  return mode === 'EVENT_ONLY' || mode === 'SPAN_AND_EVENT';
}

let warnedAbout: string | undefined;

/**
 * The content-capture mode, process-wide: the register option when genai-otel was registered,
 * otherwise `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` (so an instrumentation used with
 * someone else's SDK follows the standard variable). `NO_CONTENT` unless asked for.
 */
export function contentCaptureModeGlobally(): ContentCaptureMode {
  const configured = getProcessState().config?.contentCaptureMode;
  if (configured !== undefined) return configured;
  const raw = process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
  if (raw === undefined || raw.trim() === '') return 'NO_CONTENT';
  const mode = parseContentCaptureMode(raw);
  if (mode === undefined && warnedAbout !== raw) {
    warnedAbout = raw;
    diag.warn(
      `genai-otel: ignoring OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=${JSON.stringify(raw)}; expected true, false, ${MODES.join(', ')}`,
    );
  }
  return mode ?? 'NO_CONTENT';
}

/**
 * Whether message content is recorded on spans, process-wide (`SPAN_ONLY`, `SPAN_AND_EVENT`). The
 * model-call recorder also asks {@link contentCaptureModeGlobally} whether it goes on the event.
 */
export function isContentCaptureEnabledGlobally(): boolean {
  return capturesOnSpans(contentCaptureModeGlobally());
}
