import type { Instrumentation } from '@opentelemetry/instrumentation';

/**
 * The process-wide instance of an instrumentation, kept on `globalThis` under `key` so that CJS
 * and ESM copies of genai-otel share it (register() enables it; `instrument…()` patches with it).
 */
export function sharedInstrumentation<T extends Instrumentation>(key: symbol, create: () => T): T {
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  holder[key] ??= create();
  return holder[key];
}

/** What `instrument…()` needs of an instrumentation. */
export interface ManuallyPatchable {
  patch(target: unknown): number;
  reportPatchFailure(error: unknown): void;
}

/**
 * Patches a module or class that module hooks cannot see (bundled apps, a copy under another
 * name) with `instrumentation`; never throws: a failure goes to the instrumentation's `diag`.
 */
export function patchManually<T extends ManuallyPatchable>(instrumentation: T, target: unknown): T {
  try {
    instrumentation.patch(target);
  } catch (error) {
    instrumentation.reportPatchFailure(error);
  }
  return instrumentation;
}
