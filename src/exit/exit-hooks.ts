import { diag } from '@opentelemetry/api';
import { wasReported } from '../exporters/export-failure';
import { oneLine } from '../exporters/one-line-error-handler';
import type { ExitFlushable } from './exit-flushable';

export interface ExitFlushTargets {
  /** True when spans ended since the last flush, so `beforeExit` does not flush in a loop. */
  hasUnflushedWork(): boolean;
  /** The normal, asynchronous flush of every pipeline. */
  flush(): Promise<void>;
  /** Ends open spans: the process is about to die and they would be lost otherwise. */
  endOpenSpans(): void;
  /** Every pipeline (traces, metrics, logs), in the order their buffers are handed over at `exit`. */
  pipelines: readonly ExitFlushable[];
  timeoutMillis: number;
}

const TERMINATING_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Makes every way a process ends deliver its spans, without changing how it ends:
 * - normal end (`beforeExit`): an asynchronous flush, after which Node exits as it would have;
 * - `process.exit()`, uncaught exceptions and unhandled rejections (all reach `exit`): a
 *   synchronous flush of spans, metrics and logs, because `exit` gets no further event-loop turn;
 * - SIGTERM/SIGINT with no other listener: flush, then re-raise the signal so the process still
 *   dies of it (exit status and signal as without us). A second signal during the flush kills at
 *   once. When the app listens to the signal itself, it decides, and its way out flushes.
 * Returns a function that removes the hooks.
 */
export function installExitHooks(targets: ExitFlushTargets): () => void {
  const exporters = () => targets.pipelines.flatMap((pipeline) => pipeline.exitSafeExporters);
  const beginExitFlush = () => {
    for (const exporter of exporters()) exporter.beginExitFlush();
  };
  // Blocking posts: what each exporter collected since beginExitFlush, all within one deadline.
  const finishExitFlush = (deadline: number) => {
    for (const exporter of exporters()) {
      guarded('posting telemetry', () => exporter.finishExitFlush(deadline));
    }
  };
  // One deadline for the whole exit: the asynchronous flush and the blocking posts after it share
  // the exit timeout instead of each taking it in full.
  const finalFlush = () => {
    const deadline = Date.now() + targets.timeoutMillis;
    beginExitFlush();
    return withTimeout(targets.flush(), targets.timeoutMillis).finally(() => finishExitFlush(deadline));
  };

  // A normal end flushed everything at beforeExit; the exit that follows must not collect the
  // (cumulative) metrics again and send them twice.
  let flushedAtBeforeExit = false;
  const onBeforeExit = () => {
    if (!targets.hasUnflushedWork()) return;
    void finalFlush().then(() => {
      flushedAtBeforeExit = true;
      // The loop was empty when beforeExit came, so what still holds the process now is an export
      // of ours retrying against a backend that refuses or does not answer. Ending here keeps the
      // exit within GENAI_OTEL_EXIT_FLUSH_TIMEOUT; process.exitCode is kept.
      if (exporters().some((exporter) => exporter.hasExportsInFlight)) {
        uninstall();
        process.exit();
      }
    });
  };

  const onExit = () => {
    if (flushedAtBeforeExit && !targets.hasUnflushedWork()) return;
    // No promise settles from here on: every pipeline hands its buffer over synchronously (the
    // metric readers collect synchronously too), then the exporters post with blocking requests.
    const deadline = Date.now() + targets.timeoutMillis;
    beginExitFlush();
    guarded('ending open spans', targets.endOpenSpans);
    for (const pipeline of targets.pipelines) {
      guarded(`flushing ${pipeline.signal}`, () => pipeline.handOverSynchronously());
    }
    finishExitFlush(deadline);
  };

  let flushingForSignal = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // The app handles the signal itself and will end through exit or beforeExit, which flush. An
    // asynchronous flush started here could be cut off by its process.exit() mid-request.
    if (process.listenerCount(signal) > 1) return;
    if (flushingForSignal) {
      reRaise(signal);
      return;
    }
    flushingForSignal = true;
    guarded('ending open spans', targets.endOpenSpans);
    void finalFlush().finally(() => reRaise(signal));
  };

  const reRaise = (signal: NodeJS.Signals) => {
    uninstall();
    process.kill(process.pid, signal);
  };

  const uninstall = () => {
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('exit', onExit);
    for (const signal of TERMINATING_SIGNALS) process.removeListener(signal, onSignal);
  };

  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  for (const signal of TERMINATING_SIGNALS) process.on(signal, onSignal);
  return uninstall;
}

function guarded(what: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    diag.error(`genai-otel: ${what} at exit failed: ${oneLine(error)}`);
  }
}

/**
 * Resolves when `promise` settles or after `millis`, whichever is first; never rejects. The timer
 * is deliberately not unref'd: it keeps a quiet event loop alive until the flush is done.
 */
export function withTimeout(promise: Promise<unknown>, millis: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      diag.warn(`genai-otel: flush did not finish within ${millis} ms; continuing without it`);
      resolve();
    }, millis);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!wasReported(error)) diag.error(`genai-otel: flush failed: ${oneLine(error)}`);
        resolve();
      },
    );
  });
}
