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
  if (policy.maxBytes !== undefined) {
    const used = store.usedBytes();
    if (used > policy.maxBytes) {
      // Pages do not empty one trace at a time (indexes interleave traces), so the file's size
      // cannot be watched while deleting: estimate from what each trace stored, delete the oldest
      // traces holding that share, down to 80% of the limit so the next writes have room.
      const { total } = store.db.prepare('SELECT coalesce(sum(bytes), 0) AS total FROM traces').get() as {
        total: number;
      };
      const shareToDelete = (used - policy.maxBytes * 0.8) / used;
      let bytesToDelete = total * shareToDelete;
      const oldestTraces = store.db.prepare('SELECT trace_id, bytes FROM traces ORDER BY start_ms LIMIT ?');
      while (bytesToDelete > 0) {
        const rows = oldestTraces.all(DELETE_CHUNK) as Array<{ trace_id: string; bytes: number }>;
        if (rows.length === 0) break;
        const ids: string[] = [];
        for (const row of rows) {
          if (bytesToDelete <= 0) break;
          ids.push(row.trace_id);
          bytesToDelete -= row.bytes;
        }
        store.deleteTraces(ids);
        deletedTraces += ids.length;
      }
      store.db
        .prepare('DELETE FROM metric_points WHERE time_ms < (SELECT coalesce(min(start_ms), 0) FROM traces)')
        .run();
    }
  }
  if (policy.maxAgeMs !== undefined) {
    store.db.prepare('DELETE FROM metric_points WHERE time_ms < ?').run(now - policy.maxAgeMs);
  }
  if (deletedTraces > 0) store.compact();
  return { deletedTraces };
}
