import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage, fetchFacets, fetchTraces } from '../api/api-client';
import type { Facets, TraceList as TraceListPage, TraceSummary } from '../api/api-types';
import { formatCost, formatCount, formatDuration, formatTime } from '../format';
import { LiveContext } from '../live-context';
import { Link, navigate, pathWithQuery, rememberListUrl, sourceParam } from '../router';
import { useKeyboard } from '../use-keyboard';
import { StatusPill } from './status-pill';
import { FILTER_KEYS, filtersFromQuery, TIME_RANGES, type TraceFilters, traceQuery } from './trace-filters';

const PAGE_SIZE = 50;
/** Live refreshes re-read at most this many rows, however far the user scrolled. */
const MAX_LIVE_REFRESH = 500;
/** Performance mark the benchmark reads: the first time rows are on screen (set after that paint). */
export const LIST_PAINTED_MARK = 'genai-otel:trace-list-painted';

/** The first page, requested at start-up before anything renders (see main.tsx), for its filters. */
let startupPage: { key: string; request: Promise<TraceListPage> } | undefined;

function firstPageKey(source: string, filters: TraceFilters): string {
  return [source, ...FILTER_KEYS.map((key) => filters[key])].join('\u0000');
}

function firstPageRequest(
  source: string,
  filters: TraceFilters,
  signal?: AbortSignal,
): Promise<TraceListPage> {
  return fetchTraces({ ...traceQuery(source, filters, Date.now()), limit: PAGE_SIZE }, signal);
}

/**
 * Starts loading the trace list the page URL shows while the app is still starting: the list's
 * first paint then waits for the slower of the two, not for both one after the other.
 */
export function prefetchTraceList(source: string, query: URLSearchParams): void {
  const filters = filtersFromQuery(query);
  const request = firstPageRequest(source, filters);
  request.catch(() => {
    // The list shows the error when it takes this request.
  });
  startupPage = { key: firstPageKey(source, filters), request };
}

interface ListState {
  traces: TraceSummary[];
  nextBefore?: number;
  loading: boolean;
  error?: string;
}

/** Newest traces first, filtered by the URL's query, refreshed as live spans arrive. */
export function TraceList({ source, query }: { source: string; query: URLSearchParams }) {
  const filters = filtersFromQuery(query);
  const filterKey = FILTER_KEYS.map((key) => filters[key]).join('\u0000');
  const live = useContext(LiveContext);
  const [list, setList] = useState<ListState>({ traces: [], loading: true });
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState(0);
  const rowsRef = useRef<HTMLOListElement>(null);
  const painted = useRef(false);
  const shownTraces = useRef<TraceSummary[]>([]);
  shownTraces.current = list.traces;

  useEffect(() => {
    rememberListUrl(window.location.pathname + window.location.search);
  });

  // First page whenever the filters change.
  useEffect(() => {
    const abort = new AbortController();
    setList((previous) => ({ ...previous, loading: true, error: undefined }));
    const key = firstPageKey(source, filters);
    const prefetched = startupPage?.key === key ? startupPage.request : undefined;
    startupPage = undefined;
    (prefetched ?? firstPageRequest(source, filters, abort.signal)).then(
      (answer) => {
        if (abort.signal.aborted) return;
        setList({ traces: answer.traces, nextBefore: answer.nextBefore, loading: false });
        setSelected(0);
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setList({ traces: [], loading: false, error: errorMessage(error) });
      },
    );
    return () => abort.abort();
  }, [source, filterKey]);

  // Live: re-read the rows on screen; rows not seen before are highlighted for a moment.
  useEffect(() => {
    if (live.version === 0) return;
    const abort = new AbortController();
    const limit = Math.min(Math.max(shownTraces.current.length, PAGE_SIZE), MAX_LIVE_REFRESH);
    fetchTraces({ ...traceQuery(source, filters, Date.now()), limit }, abort.signal).then(
      (answer) => {
        const known = new Set(shownTraces.current.map((trace) => trace.traceId));
        setFresh(new Set(answer.traces.filter((trace) => !known.has(trace.traceId)).map((t) => t.traceId)));
        setList({ traces: answer.traces, nextBefore: answer.nextBefore, loading: false });
      },
      () => {
        // A failed refresh keeps what is on screen; the next event tries again.
      },
    );
    return () => abort.abort();
  }, [live.version]);

  useEffect(() => {
    if (painted.current || list.loading || list.traces.length === 0) return;
    painted.current = true;
    // Preact runs effects after the browser painted the render: the rows are on screen now.
    performance.mark(LIST_PAINTED_MARK);
  }, [list]);

  const traceHref = (trace: TraceSummary) =>
    pathWithQuery(`/traces/${encodeURIComponent(trace.traceId)}`, { source: sourceParam(source) });

  const moveSelection = (step: number) => {
    if (list.traces.length === 0) return;
    const next = Math.min(Math.max(selected + step, 0), list.traces.length - 1);
    setSelected(next);
    const row = rowsRef.current?.children[next]?.querySelector('a');
    row?.focus({ preventScroll: true });
    row?.scrollIntoView({ block: 'nearest' });
  };
  useKeyboard({
    j: () => moveSelection(1),
    k: () => moveSelection(-1),
    ArrowDown: (event) => {
      event.preventDefault();
      moveSelection(1);
    },
    ArrowUp: (event) => {
      event.preventDefault();
      moveSelection(-1);
    },
    Enter: (event) => {
      const trace = list.traces[selected];
      if (!trace) return;
      event.preventDefault();
      navigate(traceHref(trace));
    },
    Escape: () => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    },
  });

  const loadMore = () => {
    if (list.nextBefore === undefined) return;
    const before = list.nextBefore;
    setList((previous) => ({ ...previous, loading: true }));
    fetchTraces({ ...traceQuery(source, filters, Date.now()), limit: PAGE_SIZE, before }).then(
      (answer) =>
        setList((previous) => ({
          traces: [...previous.traces, ...answer.traces],
          nextBefore: answer.nextBefore,
          loading: false,
        })),
      (error: unknown) =>
        setList((previous) => ({ ...previous, loading: false, error: errorMessage(error) })),
    );
  };

  return (
    <section class="trace-list" aria-label="Traces">
      <FilterBar source={source} filters={filters} />
      {list.error && (
        <p class="notice error" role="alert">
          Could not load traces: {list.error}
        </p>
      )}
      <div class="trace-table" aria-busy={list.loading}>
        <div class="trace-row trace-head" aria-hidden="true">
          <span>Time</span>
          <span>Root span</span>
          <span>Service</span>
          <span class="num">Duration</span>
          <span>Status</span>
          <span>Models</span>
          <span class="num">Tokens in→out</span>
          <span class="num">Cost</span>
        </div>
        <ol class="trace-rows" ref={rowsRef} aria-label="Traces, newest first">
          {list.traces.map((trace, index) => (
            <li key={trace.traceId}>
              <Link
                href={traceHref(trace)}
                class={`trace-row${index === selected ? ' selected' : ''}${fresh.has(trace.traceId) ? ' fresh' : ''}`}
                data-trace-id={trace.traceId}
                aria-selected={index === selected}
                onFocus={() => setSelected(index)}
              >
                <span class="time">{formatTime(trace.startTimeMs)}</span>
                <span class="root-name" title={trace.rootName}>
                  {trace.rootName || '(unnamed)'}
                  {trace.spanCount > 1 && <span class="muted"> · {trace.spanCount} spans</span>}
                </span>
                <span class="service" title={trace.serviceName}>
                  {trace.serviceName}
                </span>
                <span class="num">{formatDuration(trace.durationMs)}</span>
                <span>
                  <StatusPill status={trace.status} errorCount={trace.errorCount} />
                </span>
                <span class="models" title={trace.models.join(', ')}>
                  {trace.models.join(', ') || '—'}
                </span>
                <span class="num">
                  {trace.inputTokens + trace.outputTokens > 0
                    ? `${formatCount(trace.inputTokens)}→${formatCount(trace.outputTokens)}`
                    : '—'}
                </span>
                <span class="num">{formatCost(trace.costUsd)}</span>
              </Link>
            </li>
          ))}
        </ol>
        {!list.loading && !list.error && list.traces.length === 0 && (
          <p class="empty">
            No traces{FILTER_KEYS.some((key) => filters[key]) ? ' match these filters' : ' yet'}. Point an app
            at this viewer (<code>OTEL_EXPORTER_OTLP_ENDPOINT={window.location.origin}</code>) and they appear
            here as they arrive.
          </p>
        )}
      </div>
      <p class="key-hint muted">
        <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↑</kbd>/<kbd>↓</kbd> move · <kbd>Enter</kbd> opens · <kbd>/</kbd>{' '}
        searches
      </p>
      {list.nextBefore !== undefined && (
        <button type="button" class="load-more" disabled={list.loading} onClick={loadMore}>
          {list.loading ? 'Loading…' : 'Older traces'}
        </button>
      )}
    </section>
  );
}

/** Filter controls; each change rewrites the URL (replace), which re-queries the list. */
function FilterBar({ source, filters }: { source: string; filters: TraceFilters }) {
  const [facets, setFacets] = useState<Facets>({ services: [], providers: [], models: [] });
  const live = useContext(LiveContext);
  const [search, setSearch] = useState(filters.q);
  const [minDuration, setMinDuration] = useState(filters.minDurationMs);

  // Facets change only when new services or models appear: re-read them at most every 5 s. A
  // change inside those 5 s is read when they are over (not dropped): a service whose traces all
  // arrive in one burst would otherwise stay missing from the select until the next change.
  const facetsReadAt = useRef(0);
  useEffect(() => {
    const wait = live.version === 0 ? 0 : Math.max(0, facetsReadAt.current + 5000 - Date.now());
    const abort = new AbortController();
    const timer = setTimeout(() => {
      facetsReadAt.current = Date.now();
      fetchFacets(source, abort.signal).then(
        (answer) =>
          setFacets({
            services: stringsOf(answer.services),
            providers: stringsOf(answer.providers),
            models: stringsOf(answer.models),
          }),
        () => {
          // Without facets the selects only offer what is already chosen.
        },
      );
    }, wait);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [source, live.version]);

  const update = (changes: Partial<TraceFilters>) => {
    const next = { ...filters, ...changes };
    navigate(pathWithQuery('/', { source: sourceParam(source), ...next }), { replace: true });
  };

  // The URL can change under the inputs (back button, a link): follow it.
  useEffect(() => setSearch(filters.q), [filters.q]);
  useEffect(() => setMinDuration(filters.minDurationMs), [filters.minDurationMs]);

  // Typing is debounced; the URL (and the query) follows 250 ms after the last key.
  useEffect(() => {
    if (search === filters.q && minDuration === filters.minDurationMs) return;
    const timer = setTimeout(() => update({ q: search, minDurationMs: minDuration }), 250);
    return () => clearTimeout(timer);
  }, [search, minDuration]);

  return (
    <form
      class="filter-bar"
      onSubmit={(event) => {
        event.preventDefault();
        update({ q: search, minDurationMs: minDuration });
      }}
    >
      <input
        id="trace-search"
        type="search"
        placeholder="Search names, attributes, content  ( / )"
        aria-label="Search traces"
        value={search}
        onInput={(event) => setSearch(event.currentTarget.value)}
      />
      <FacetSelect
        label="Service"
        name="service"
        value={filters.service}
        options={facets.services}
        onChange={(service) => update({ service })}
      />
      <FacetSelect
        label="Provider"
        name="provider"
        value={filters.provider}
        options={facets.providers}
        onChange={(provider) => update({ provider })}
      />
      <FacetSelect
        label="Model"
        name="model"
        value={filters.model}
        options={facets.models}
        onChange={(model) => update({ model })}
      />
      <label>
        <span>Status</span>
        <select
          name="status"
          value={filters.status}
          onChange={(event) => update({ status: event.currentTarget.value })}
        >
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
        </select>
      </label>
      <label>
        <span>Time</span>
        <select
          name="range"
          value={filters.range}
          onChange={(event) => update({ range: event.currentTarget.value })}
        >
          <option value="">All time</option>
          {Object.entries(TIME_RANGES).map(([key, range]) => (
            <option key={key} value={key}>
              {range.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Min duration (ms)</span>
        <input
          name="minDurationMs"
          type="number"
          min="0"
          step="any"
          inputMode="decimal"
          value={minDuration}
          onInput={(event) => setMinDuration(event.currentTarget.value)}
        />
      </label>
    </form>
  );
}

function FacetSelect(props: {
  label: string;
  name: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  // The chosen value stays selectable even before (or without) the facets answer.
  const options =
    props.value && !props.options.includes(props.value) ? [props.value, ...props.options] : props.options;
  return (
    <label>
      <span>{props.label}</span>
      <select
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        <option value="">all</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
