import type { InferenceRecording } from './inference-recording';

/**
 * Default for how long a response or stream may sit unread before its span is ended anyway
 * (see docs/streaming.md). Long enough for any app that reads what it asked for; short enough that
 * an abandoned stream still shows up in the trace instead of vanishing at exit.
 */
export const DEFAULT_UNCONSUMED_TIMEOUT_MS = 60_000;

/**
 * Ends `recording` with `genai_otel.response.unconsumed=true` if `disarm` has not been called
 * within `timeoutMs`. The timer is unref'd: it never keeps the process alive. A timeout of 0 or
 * less disables the policy (the span then stays open until the stream is read or collected).
 */
export function armUnconsumedTimeout(recording: InferenceRecording, timeoutMs: number): () => void {
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return noop;
  const timer = setTimeout(() => {
    try {
      recording.endUnconsumed();
    } catch (error) {
      recording.reportError('genai-otel: failed to end an unconsumed GenAI span', error);
    }
  }, timeoutMs);
  timer.unref?.();
  return () => clearTimeout(timer);
}

function noop(): void {}
