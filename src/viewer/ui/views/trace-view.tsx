import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, errorMessage, fetchTrace } from '../api/api-client';
import type { TraceDetail } from '../api/api-types';
import { formatCost, formatCount, formatDuration, formatTime } from '../format';
import { LiveContext } from '../live-context';
import { spanRows } from '../model/span-tree';
import { Link, listUrl, navigate, pathWithQuery, sourceParam } from '../router';
import { useKeyboard } from '../use-keyboard';
import { SpanDetail } from './span-detail';
import { StatusPill } from './status-pill';
import { Waterfall } from './waterfall';

interface TraceState {
  trace?: TraceDetail;
  loading: boolean;
  error?: string;
}

/** One trace: summary, waterfall, and the selected span's detail (`?span=` in the URL). */
export function TraceView({
  source,
  traceId,
  spanId,
}: {
  source: string;
  traceId: string;
  spanId: string | null;
}) {
  const [state, setState] = useState<TraceState>({ loading: true });
  const live = useContext(LiveContext);
  const waterfallRef = useRef<HTMLOListElement>(null);

  // Loaded on open, and again when live spans of this trace arrive (a trace still running grows).
  useEffect(() => {
    if (state.trace && !live.traceIds.has(traceId)) return;
    const abort = new AbortController();
    fetchTrace(source, traceId, abort.signal).then(
      (trace) => setState({ trace, loading: false }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const message =
          error instanceof ApiError && error.status === 404
            ? 'No trace with this id (yet).'
            : errorMessage(error);
        setState((previous) => ({ ...previous, loading: false, error: message }));
      },
    );
    return () => abort.abort();
  }, [source, traceId, live.version]);

  const rows = useMemo(() => spanRows(state.trace?.spans ?? []), [state.trace]);
  const selectedIndex = Math.max(
    rows.findIndex((row) => row.span.spanId === spanId),
    0,
  );
  const selected = rows[selectedIndex]?.span;

  const spanHref = (id: string) =>
    pathWithQuery(`/traces/${encodeURIComponent(traceId)}`, { source: sourceParam(source), span: id });

  const select = (index: number) => {
    const row = rows[Math.min(Math.max(index, 0), rows.length - 1)];
    if (!row) return;
    navigate(spanHref(row.span.spanId), { replace: true });
  };

  // Keep the selected row visible when it moves by keyboard or deep link.
  useEffect(() => {
    const element = waterfallRef.current?.querySelector<HTMLElement>('[aria-current="true"]');
    element?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex, rows.length]);

  useKeyboard({
    j: () => select(selectedIndex + 1),
    k: () => select(selectedIndex - 1),
    ArrowDown: (event) => {
      event.preventDefault();
      select(selectedIndex + 1);
    },
    ArrowUp: (event) => {
      event.preventDefault();
      select(selectedIndex - 1);
    },
    Escape: () => navigate(listUrl()),
  });

  const summary = state.trace?.summary;
  return (
    <section class="trace-view" aria-label="Trace">
      <div class="trace-header">
        <Link class="back" href={listUrl()}>
          ← Traces
        </Link>
        <h1 title={summary?.rootName}>{summary?.rootName || (state.loading ? 'Loading…' : 'Trace')}</h1>
        {summary && (
          <dl class="trace-facts">
            <div>
              <dt>Started</dt>
              <dd>{formatTime(summary.startTimeMs)}</dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{formatDuration(summary.durationMs)}</dd>
            </div>
            <div>
              <dt>Service</dt>
              <dd>{summary.serviceName}</dd>
            </div>
            <div>
              <dt>Spans</dt>
              <dd>{summary.spanCount}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <StatusPill status={summary.status} errorCount={summary.errorCount} />
              </dd>
            </div>
            <div>
              <dt>Tokens</dt>
              <dd>
                {formatCount(summary.inputTokens)}→{formatCount(summary.outputTokens)}
              </dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd>{formatCost(summary.costUsd)}</dd>
            </div>
            <div>
              <dt>Trace id</dt>
              <dd class="mono">{traceId}</dd>
            </div>
          </dl>
        )}
      </div>
      {state.error && (
        <p class="notice error" role="alert">
          {state.error}
        </p>
      )}
      {state.trace && (
        <p class="key-hint muted">
          <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↑</kbd>/<kbd>↓</kbd> move between spans · <kbd>Esc</kbd> back to
          the list
        </p>
      )}
      {state.trace && (
        <div class="trace-body">
          <Waterfall
            rows={rows}
            selectedSpanId={selected?.spanId}
            spanHref={spanHref}
            listRef={waterfallRef}
          />
          {selected && (
            <SpanDetail
              key={selected.spanId}
              span={selected}
              trace={state.trace}
              source={source}
              spanHref={spanHref}
            />
          )}
        </div>
      )}
    </section>
  );
}
