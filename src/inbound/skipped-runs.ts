/** Skipped runs remembered by default; the oldest are forgotten beyond it. */
const DEFAULT_MAX_SKIPPED_RUNS = 10_000;

/** Longest chain of skipped runs followed (a cycle in foreign ids must not hang the app). */
const MAX_DEPTH = 1000;

/**
 * Runs a callback system reports but we do not trace (LangChain's plumbing runnables, a
 * bridge's ignored event types): remembered with their nearest traced ancestor, so that their
 * children hang under that ancestor instead of becoming roots. Bounded memory.
 *
 * @example
 * const skipped = new SkippedRuns();
 * skipped.skip('templating-1', skipped.visibleParent('synthesize-1'));
 * skipped.visibleParent('templating-1'); // 'synthesize-1'
 */
export class SkippedRuns {
  /** Skipped run id → its nearest traced ancestor (undefined: a root). */
  private readonly parents = new Map<string, string | undefined>();

  constructor(private readonly maxRuns: number = DEFAULT_MAX_SKIPPED_RUNS) {}

  /** Remembers that `runId` is not traced; `visibleParent` is what its children attach to. */
  skip(runId: string, visibleParent: string | undefined): void {
    if (this.parents.size >= this.maxRuns) this.parents.delete(this.parents.keys().next().value as string);
    this.parents.set(runId, visibleParent);
  }

  /** Whether `runId` is a skipped run. */
  has(runId: string): boolean {
    return this.parents.has(runId);
  }

  /** Forgets a skipped run (its end came); returns whether it was one. */
  forget(runId: string): boolean {
    return this.parents.delete(runId);
  }

  /** The run a child of `runId` attaches to: `runId` itself, or its nearest traced ancestor. */
  visibleParent(runId: string | undefined): string | undefined {
    let current = runId;
    for (let depth = 0; current !== undefined && this.parents.has(current) && depth < MAX_DEPTH; depth++) {
      current = this.parents.get(current);
    }
    return current;
  }

  clear(): void {
    this.parents.clear();
  }
}
