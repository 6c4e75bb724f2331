import type { SpanRecord } from '../api/api-types';

/** One waterfall row: a span and how deep it sits under its trace's root(s). */
export interface SpanRow {
  span: SpanRecord;
  depth: number;
  childCount: number;
}

/**
 * Orders a trace's spans depth-first, children by start time, for the waterfall. Spans whose
 * parent is not in the trace (not received yet, or from another service that never exported)
 * are shown as roots rather than dropped; repeated span ids and parent cycles cannot loop.
 */
export function spanRows(spans: readonly SpanRecord[]): SpanRow[] {
  const byId = new Map<string, SpanRecord>();
  for (const span of spans) if (!byId.has(span.spanId)) byId.set(span.spanId, span);
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const span of byId.values()) {
    const parentId = span.parentSpanId;
    if (parentId && parentId !== span.spanId && byId.has(parentId)) {
      const siblings = children.get(parentId) ?? [];
      siblings.push(span);
      children.set(parentId, siblings);
    } else {
      roots.push(span);
    }
  }
  const byStart = (a: SpanRecord, b: SpanRecord) =>
    a.startTimeMs - b.startTimeMs || a.startTimeMs + a.durationMs - (b.startTimeMs + b.durationMs);
  const rows: SpanRow[] = [];
  const visited = new Set<string>();
  const visit = (span: SpanRecord, depth: number) => {
    if (visited.has(span.spanId)) return;
    visited.add(span.spanId);
    const own = (children.get(span.spanId) ?? []).sort(byStart);
    rows.push({ span, depth, childCount: own.length });
    for (const child of own) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  // Spans only reachable through a parent cycle: show them at the top level too.
  for (const span of byId.values()) if (!visited.has(span.spanId)) visit(span, 0);
  return rows;
}

/** The time window the waterfall spans: earliest start to latest end. */
export function traceWindow(spans: readonly SpanRecord[]): { startMs: number; durationMs: number } {
  if (spans.length === 0) return { startMs: 0, durationMs: 0 };
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    start = Math.min(start, span.startTimeMs);
    end = Math.max(end, span.startTimeMs + span.durationMs);
  }
  return { startMs: start, durationMs: Math.max(end - start, 0) };
}
