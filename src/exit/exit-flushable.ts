/** The control the exit path has over an exporter that can switch to blocking sends ({@link ExitSafeExporter}). */
export interface ExitSafeExporterControl {
  /** From here on, serialize what is exported instead of sending it... */
  beginExitFlush(): void;
  /** ...and here post it with blocking requests until `deadline` (epoch ms). */
  finishExitFlush(deadline: number): void;
  /** Whether an export started before the exit flush is still under way. */
  readonly hasExportsInFlight: boolean;
}

/**
 * One telemetry pipeline (traces, metrics, logs) as the exit path sees it. register() keeps a
 * list of them; a new signal's pipeline joins the list and is flushed on every exit path.
 *
 * At `exit` (process.exit(), a crash) no event-loop turn follows, so the order is: every
 * exit-safe exporter begins collecting, every pipeline hands over what it buffers synchronously
 * (spans first: ending them may record metrics), then the collected batches are posted with
 * blocking requests.
 */
export interface ExitFlushable {
  /** Which signal, for diagnostics. */
  readonly signal: 'traces' | 'metrics' | 'logs';
  /** Hands everything buffered to the exporters synchronously, without awaiting anything. */
  handOverSynchronously(): void;
  /** The pipeline's exporters that can post synchronously at exit. */
  readonly exitSafeExporters: readonly ExitSafeExporterControl[];
}
