import type { ResolvedConfig } from './config/resolve-config';
import type { EarlyLoadedModule } from './setup-check/early-loaded-modules';
import type { ActiveInstrumentation, LoadedBy } from './setup-check/load-order-check';

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
  /** How the set-up went, for the doctor report; undefined until {@link register} runs. */
  setup?: SetupRecord;
}

/** What the first registration did, as the doctor report shows it. */
export interface SetupRecord {
  loadedBy: LoadedBy;
  /** Whether the ESM loader hooks are installed (only the `--import` entry installs them). */
  esmHooks: boolean;
  /** The app file that called `register()`, when it was called in code. */
  calledFrom: string | undefined;
  instrumentations: ActiveInstrumentation[];
  /** Instrumented modules that were required before set-up, and those that stayed unpatched. */
  earlyLoaded: EarlyLoadedModule[];
  unpatchedEarly: EarlyLoadedModule[];
  /** When set-up ran (epoch ms). */
  time: number;
}

const STATE_KEY = Symbol.for('genai-otel.process-state.v1');

type GlobalWithState = typeof globalThis & { [STATE_KEY]?: ProcessState };

export function getProcessState(): ProcessState {
  const holder = globalThis as GlobalWithState;
  holder[STATE_KEY] ??= { handle: undefined, config: undefined };
  return holder[STATE_KEY];
}
