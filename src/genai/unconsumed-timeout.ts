import type { InferenceRecording } from './inference-recording';

/**
 * Default for how long a response or stream may sit unread before its span is ended anyway
 * (see docs/streaming.md). Long enough for any app that reads what it asked for; short enough that
 * an abandoned stream still shows up in the trace instead of vanishing at exit.
 */
export const DEFAULT_UNCONSUMED_TIMEOUT_MS = 60_000;

/** How late a sweep may run to end several expired recordings at once: a tenth of the timeout, at most 1 s. */
const MAX_SWEEP_DELAY_MS = 1000;

interface ArmedRecording {
  readonly recording: InferenceRecording;
  readonly deadline: number;
}

/**
 * The recordings armed with one timeout value, in arming order — which is deadline order, since
 * they share the timeout — and the one unref'd timer that sweeps them. One timer per distinct
 * timeout value (normally one in all), instead of a `setTimeout` per call: arming and disarming
 * are a `Set` insert and delete, and nothing per call is left for the timer queue to hold.
 */
class UnconsumedSweep {
  private readonly armed = new Set<ArmedRecording>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly slackMs: number;

  constructor(private readonly timeoutMs: number) {
    this.slackMs = Math.min(MAX_SWEEP_DELAY_MS, timeoutMs / 10);
  }

  arm(recording: InferenceRecording): () => void {
    const entry: ArmedRecording = { recording, deadline: performance.now() + this.timeoutMs };
    this.armed.add(entry);
    if (this.timer === undefined) this.schedule(entry.deadline);
    return () => {
      this.armed.delete(entry);
    };
  }

  private schedule(deadline: number): void {
    const delay = Math.max(0, deadline - performance.now()) + this.slackMs;
    this.timer = setTimeout(() => this.sweep(), delay);
    this.timer.unref?.();
  }

  private sweep(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const entry of this.armed) {
      if (entry.deadline > now) {
        this.schedule(entry.deadline);
        return;
      }
      this.armed.delete(entry);
      try {
        entry.recording.endUnconsumed();
      } catch (error) {
        entry.recording.reportError('genai-otel: failed to end an unconsumed GenAI span', error);
      }
    }
  }
}

const sweeps = new Map<number, UnconsumedSweep>();

/**
 * Ends `recording` with `genai_otel.response.unconsumed=true` if `disarm` has not been called
 * within `timeoutMs` (ended by a shared sweep, up to a tenth of the timeout later, at most 1 s). The
 * sweep's timer is unref'd: it never keeps the process alive. A timeout of 0 or less disables the
 * policy (the span then stays open until the stream is read or collected).
 */
export function armUnconsumedTimeout(recording: InferenceRecording, timeoutMs: number): () => void {
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return noop;
  let sweep = sweeps.get(timeoutMs);
  if (sweep === undefined) {
    sweep = new UnconsumedSweep(timeoutMs);
    sweeps.set(timeoutMs, sweep);
  }
  return sweep.arm(recording);
}

function noop(): void {}
