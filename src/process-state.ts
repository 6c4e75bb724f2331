import type { ResolvedConfig } from './config/resolve-config';

/** What {@link register} returns: flush and shut down the pipelines it built. */
export interface GenAIOtelHandle {
  /** Exports everything ended so far; resolves when done or after the exporters' timeouts. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops exporting and removes the exit hooks. Safe to call more than once. */
  shutdown(): Promise<void>;
}

/**
 * Process-wide state, kept on `globalThis` under a registered symbol so that one process has one
 * registration and one set of patches, however many copies of genai-otel are loaded (CJS and ESM
 * entries, or two installed versions).
 */
export interface ProcessState {
  handle: GenAIOtelHandle | undefined;
  /** The configuration in force; defaults until {@link register} runs. */
  config: ResolvedConfig | undefined;
}

const STATE_KEY = Symbol.for('genai-otel.process-state.v1');

type GlobalWithState = typeof globalThis & { [STATE_KEY]?: ProcessState };

export function getProcessState(): ProcessState {
  const holder = globalThis as GlobalWithState;
  holder[STATE_KEY] ??= { handle: undefined, config: undefined };
  return holder[STATE_KEY];
}
