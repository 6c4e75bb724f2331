import type { SpanStore } from './span-store';

export interface RetentionPolicy {
  /** Traces that started longer ago than this are deleted. */
  maxAgeMs?: number;
  /** The oldest traces are deleted while the stored data is larger than this. */
  maxBytes?: number;
}

export interface RetentionResult {
  deletedTraces: number;
}

const DELETE_CHUNK = 500;

/**
 * Applies the age and size limits once: deletes whole traces, oldest first, in short transactions
 * (ingest waits at most one chunk), then gives the freed pages back to the file system.
 */
export function applyRetention(store: SpanStore, policy: RetentionPolicy, now = Date.now()): RetentionResult {
  let deletedTraces = 0;
  const oldestTraces = store.db.prepare('SELECT trace_id FROM traces ORDER BY start_ms LIMIT ?');
  if (policy.maxAgeMs !== undefined) {
    const olderThan = store.db.prepare(
      'SELECT trace_id FROM traces WHERE start_ms < ? ORDER BY start_ms LIMIT ?',
    );
    for (;;) {
      const ids = (olderThan.all(now - policy.maxAgeMs, DELETE_CHUNK) as Array<{ trace_id: string }>).map(
        (row) => row.trace_id,
      );
      if (ids.length === 0) break;
      store.deleteTraces(ids);
      deletedTraces += ids.length;
    }
  }
  if (policy.maxBytes !== undefined && store.usedBytes() > policy.maxBytes) {
    // Down to 90% of the limit, so the next few writes do not trigger another round at once.
    const target = policy.maxBytes * 0.9;
    while (store.usedBytes() > target) {
      const ids = (oldestTraces.all(DELETE_CHUNK) as Array<{ trace_id: string }>).map((row) => row.trace_id);
      if (ids.length === 0) break;
      store.deleteTraces(ids);
      deletedTraces += ids.length;
    }
    store.db
      .prepare('DELETE FROM metric_points WHERE time_ms < (SELECT coalesce(min(start_ms), 0) FROM traces)')
      .run();
  }
  if (policy.maxAgeMs !== undefined) {
    store.db.prepare('DELETE FROM metric_points WHERE time_ms < ?').run(now - policy.maxAgeMs);
  }
  if (deletedTraces > 0) store.compact();
  return { deletedTraces };
}
