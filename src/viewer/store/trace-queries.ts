import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Facets, SpanRecord, TraceDetail, TraceList, TraceListQuery } from '../model';
import { FACET_MODEL, FACET_PROVIDER, FACET_SERVICE } from './store-schema';
import { type TraceSummaryRow, toTraceSummary } from './trace-summary';

/** The words of a search box entry that full-text search looks for (punctuation-only words dropped). */
export function searchWords(search: string): string[] {
  return search.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/**
 * A user's search words as an FTS5 query: every word must occur, each as a prefix ("weat" finds
 * "get_weather"), and FTS5 syntax characters in the words are taken literally.
 */
export function ftsQueryFor(search: string): string | undefined {
  const words = searchWords(search);
  if (words.length === 0) return undefined;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}

/** The trace list, newest first, with the API's filters. */
export function listTraces(db: DatabaseSync, query: TraceListQuery): TraceList {
  const conditions: string[] = [];
  const parameters: SQLInputValue[] = [];
  if (query.since !== undefined) {
    conditions.push('t.start_ms >= ?');
    parameters.push(query.since);
  }
  if (query.until !== undefined) {
    conditions.push('t.start_ms <= ?');
    parameters.push(query.until);
  }
  if (query.before !== undefined) {
    conditions.push('t.start_ms < ?');
    parameters.push(query.before);
  }
  if (query.minDurationMs !== undefined) {
    conditions.push('t.end_ms - t.start_ms >= ?');
    parameters.push(query.minDurationMs);
  }
  if (query.status === 'error') conditions.push('t.error_count > 0');
  if (query.status === 'ok') conditions.push('t.error_count = 0');
  for (const [kind, value] of [
    [FACET_SERVICE, query.service],
    [FACET_PROVIDER, query.provider],
    [FACET_MODEL, query.model],
  ] as const) {
    if (value === undefined) continue;
    conditions.push(
      'EXISTS (SELECT 1 FROM trace_facets f WHERE f.kind = ? AND f.value = ? AND f.trace_id = t.trace_id)',
    );
    parameters.push(kind, value);
  }
  const match = query.q === undefined ? undefined : ftsQueryFor(query.q);
  if (match !== undefined) {
    conditions.push(
      't.trace_id IN (SELECT s.trace_id FROM span_text JOIN spans s ON s.id = span_text.rowid WHERE span_text MATCH ?)',
    );
    parameters.push(match);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const rows = db
    .prepare(`SELECT * FROM traces t ${where} ORDER BY t.start_ms DESC LIMIT ?`)
    .all(...parameters, query.limit + 1) as unknown as TraceSummaryRow[];
  const traces = rows.slice(0, query.limit).map(toTraceSummary);
  const last = traces.at(-1);
  return rows.length > query.limit && last !== undefined
    ? { traces, nextBefore: last.startTimeMs }
    : { traces };
}

/** One trace with all its stored spans (by start time), or undefined. */
export function getTrace(db: DatabaseSync, traceId: string): TraceDetail | undefined {
  const row = db.prepare('SELECT * FROM traces WHERE trace_id = ?').get(traceId.toLowerCase()) as
    | TraceSummaryRow
    | undefined;
  if (row === undefined) return undefined;
  const spans = (
    db
      .prepare(
        'SELECT r.record FROM spans s JOIN span_records r ON r.id = s.id WHERE s.trace_id = ? ORDER BY s.start_ms, s.id',
      )
      .all(row.trace_id) as Array<{
      record: string;
    }>
  ).map((spanRow) => JSON.parse(spanRow.record) as SpanRecord);
  return { traceId: row.trace_id, spans, summary: toTraceSummary(row) };
}

/** Every service, provider and model seen in the stored traces, sorted. */
export function listFacets(db: DatabaseSync): Facets {
  const valuesOf = (kind: string) =>
    (
      db.prepare('SELECT DISTINCT value FROM trace_facets WHERE kind = ? ORDER BY value').all(kind) as Array<{
        value: string;
      }>
    ).map((row) => row.value);
  return {
    services: valuesOf(FACET_SERVICE),
    providers: valuesOf(FACET_PROVIDER),
    models: valuesOf(FACET_MODEL),
  };
}
