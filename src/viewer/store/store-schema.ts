/**
 * The viewer's SQLite schema. `spans` keeps the columns the queries filter on and `span_records`
 * (same id) each span's full record as JSON: apart, so that the rows searches and charts walk
 * stay small (measured: the search join got 5x faster); `traces` is the per-trace summary kept up to date on ingest, so the trace
 * list reads one row per trace however many spans there are; `trace_facets` indexes the
 * services, providers and models of each trace for the list's filters; `span_text` is an FTS5
 * index over names and attribute values (contentless: the text lives in `span_records` already).
 */
export const STORE_SCHEMA_VERSION = 1;

export const STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS spans (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  start_ms REAL NOT NULL,
  duration_ms REAL NOT NULL,
  operation TEXT,
  model TEXT,
  provider TEXT,
  is_error INTEGER NOT NULL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost_usd REAL,
  ttft_ms REAL,
  UNIQUE (trace_id, span_id)
);
-- Covers the overview's query, so charting reads no table rows.
CREATE INDEX IF NOT EXISTS spans_inference_by_start ON spans (
  start_ms, duration_ms, model, provider, is_error, input_tokens, output_tokens, cost_usd, ttft_ms, operation
) WHERE operation IS NOT NULL;

CREATE TABLE IF NOT EXISTS span_records (id INTEGER PRIMARY KEY, record TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS traces (
  trace_id TEXT PRIMARY KEY,
  start_ms REAL NOT NULL,
  end_ms REAL NOT NULL,
  root_name TEXT NOT NULL,
  root_found INTEGER NOT NULL,
  service_name TEXT NOT NULL,
  span_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  ok_count INTEGER NOT NULL,
  models TEXT NOT NULL,
  providers TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL,
  bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS traces_by_start ON traces (start_ms);

CREATE TABLE IF NOT EXISTS trace_facets (
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  PRIMARY KEY (kind, value, trace_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS trace_facets_by_trace ON trace_facets (trace_id);

CREATE VIRTUAL TABLE IF NOT EXISTS span_text USING fts5 (body, content = '', contentless_delete = 1);

CREATE TABLE IF NOT EXISTS metric_points (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  time_ms REAL NOT NULL,
  service_name TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS metric_points_by_time ON metric_points (time_ms);
`;

/** Facet kinds in `trace_facets`. */
export const FACET_SERVICE = 's';
export const FACET_PROVIDER = 'p';
export const FACET_MODEL = 'm';
