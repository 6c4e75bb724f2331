import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SpanRecord } from '../model';
import type { MetricPointRecord } from '../otlp/otlp-metrics-request';
import { searchableText, spanFacts } from './span-facts';
import {
  FACET_MODEL,
  FACET_PROVIDER,
  FACET_SERVICE,
  STORE_SCHEMA,
  STORE_SCHEMA_VERSION,
} from './store-schema';
import { addSpanToSummary, emptySummaryRow, type TraceSummaryRow } from './trace-summary';

export interface SpanStoreOptions {
  /** A file path, or `:memory:` for a store that lives as long as the process. */
  path: string;
}

/** What one write stored: the traces it touched and how many spans were new (not re-sent). */
export interface WriteResult {
  traceIds: string[];
  storedSpans: number;
}

/**
 * The viewer's embedded store: SQLite through `node:sqlite`, in WAL mode so a committed write
 * survives the process being killed. Writes are whole batches in one transaction; each keeps the
 * per-trace summary row current, so listing traces never aggregates spans.
 */
export class SpanStore {
  readonly db: DatabaseSync;
  private readonly insertSpan: StatementSync;
  private readonly insertRecord: StatementSync;
  private readonly insertText: StatementSync;
  private readonly selectTrace: StatementSync;
  private readonly upsertTrace: StatementSync;
  private readonly insertFacet: StatementSync;
  private readonly insertMetricPoint: StatementSync;
  private closed = false;

  constructor(options: SpanStoreOptions) {
    const { DatabaseSync } = require('node:sqlite') as typeof import('node:sqlite');
    this.db = new DatabaseSync(options.path);
    // auto_vacuum only takes effect before the first table exists; incremental lets retention
    // give freed pages back to the file system without a full VACUUM.
    this.db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    this.db.exec('PRAGMA journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives the process dying (only an OS crash can lose the last ones).
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('PRAGMA busy_timeout = 5000');
    // Check the version before creating anything, so an unknown layout is left as it is.
    const hasMeta = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
      .get();
    const version = hasMeta
      ? (this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
          | { value: string }
          | undefined)
      : undefined;
    if (version !== undefined && Number(version.value) !== STORE_SCHEMA_VERSION) {
      this.db.close();
      throw new Error(
        `${options.path} was written by another version of genai-otel view (store schema ${version.value}, ` +
          `this one reads ${STORE_SCHEMA_VERSION}). Move it away or pass --db with another path.`,
      );
    }
    this.db.exec(STORE_SCHEMA);
    if (version === undefined) {
      this.db
        .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)")
        .run(String(STORE_SCHEMA_VERSION));
    }
    this.insertSpan = this.db.prepare(
      `INSERT OR IGNORE INTO spans (trace_id, span_id, start_ms, duration_ms, operation, model, provider,
         is_error, input_tokens, output_tokens, cost_usd, ttft_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertRecord = this.db.prepare('INSERT INTO span_records (id, record) VALUES (?, ?)');
    this.insertText = this.db.prepare('INSERT INTO span_text (rowid, body) VALUES (?, ?)');
    this.selectTrace = this.db.prepare('SELECT * FROM traces WHERE trace_id = ?');
    this.upsertTrace = this.db.prepare(
      `INSERT OR REPLACE INTO traces (trace_id, start_ms, end_ms, root_name, root_found, service_name,
         span_count, error_count, ok_count, models, providers, input_tokens, output_tokens, cost_usd, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertFacet = this.db.prepare(
      'INSERT OR IGNORE INTO trace_facets (kind, value, trace_id) VALUES (?, ?, ?)',
    );
    this.insertMetricPoint = this.db.prepare(
      'INSERT INTO metric_points (name, time_ms, service_name, record) VALUES (?, ?, ?, ?)',
    );
  }

  /**
   * Stores spans and metric points in one transaction. A span already stored (same trace and span
   * id, e.g. an exporter's retry) is skipped, so summaries never count it twice.
   */
  write(spans: readonly SpanRecord[], metricPoints: readonly MetricPointRecord[] = []): WriteResult {
    const summaries = new Map<string, TraceSummaryRow>();
    let storedSpans = 0;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const span of spans) {
        const facts = spanFacts(span);
        const record = JSON.stringify(span);
        const inserted = this.insertSpan.run(
          span.traceId,
          span.spanId,
          span.startTimeMs,
          span.durationMs,
          facts.inferenceOperation,
          facts.model,
          facts.provider,
          facts.isError ? 1 : 0,
          facts.inputTokens,
          facts.outputTokens,
          facts.costUsd,
          facts.timeToFirstChunkMs,
        );
        if (inserted.changes === 0) continue;
        this.insertRecord.run(inserted.lastInsertRowid, record);
        storedSpans++;
        const text = searchableText(span);
        this.insertText.run(inserted.lastInsertRowid, text);
        let summary = summaries.get(span.traceId);
        if (summary === undefined) {
          summary =
            (this.selectTrace.get(span.traceId) as TraceSummaryRow | undefined) ?? emptySummaryRow(span);
          summaries.set(span.traceId, summary);
        }
        addSpanToSummary(summary, span, facts);
        summary.bytes += record.length + text.length;
        this.insertFacet.run(FACET_SERVICE, span.serviceName, span.traceId);
        if (facts.model !== null) this.insertFacet.run(FACET_MODEL, facts.model, span.traceId);
        if (facts.provider !== null) this.insertFacet.run(FACET_PROVIDER, facts.provider, span.traceId);
      }
      for (const summary of summaries.values()) {
        this.upsertTrace.run(
          summary.trace_id,
          summary.start_ms,
          summary.end_ms,
          summary.root_name,
          summary.root_found,
          summary.service_name,
          summary.span_count,
          summary.error_count,
          summary.ok_count,
          summary.models,
          summary.providers,
          summary.input_tokens,
          summary.output_tokens,
          summary.cost_usd,
          summary.bytes,
        );
      }
      for (const point of metricPoints) {
        this.insertMetricPoint.run(point.name, point.timeMs, point.serviceName, JSON.stringify(point));
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    return { traceIds: [...summaries.keys()], storedSpans };
  }

  /** Deletes whole traces (spans, search text, facets, summary) in one transaction. */
  deleteTraces(traceIds: readonly string[]): void {
    if (traceIds.length === 0) return;
    const selectRowIds = this.db.prepare('SELECT id FROM spans WHERE trace_id = ?');
    const deleteText = this.db.prepare('DELETE FROM span_text WHERE rowid = ?');
    const deleteRecord = this.db.prepare('DELETE FROM span_records WHERE id = ?');
    const deleteSpans = this.db.prepare('DELETE FROM spans WHERE trace_id = ?');
    const deleteFacets = this.db.prepare('DELETE FROM trace_facets WHERE trace_id = ?');
    const deleteTrace = this.db.prepare('DELETE FROM traces WHERE trace_id = ?');
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const traceId of traceIds) {
        for (const row of selectRowIds.all(traceId) as Array<{ id: number }>) {
          deleteText.run(row.id);
          deleteRecord.run(row.id);
        }
        deleteSpans.run(traceId);
        deleteFacets.run(traceId);
        deleteTrace.run(traceId);
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Bytes the stored data occupies (pages in use, free pages not counted). */
  usedBytes(): number {
    const pageSize = (this.db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
    const pageCount = (this.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    const freePages = (this.db.prepare('PRAGMA freelist_count').get() as { freelist_count: number })
      .freelist_count;
    return (pageCount - freePages) * pageSize;
  }

  /**
   * After deletions: merges the search index (deleting from FTS5 leaves tombstones until then),
   * returns free pages to the file system and folds the WAL into the database file.
   */
  compact(): void {
    this.db.exec("INSERT INTO span_text (span_text) VALUES ('optimize')");
    this.db.exec('PRAGMA incremental_vacuum');
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
