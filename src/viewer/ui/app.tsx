import { useEffect, useMemo, useState } from 'preact/hooks';
import { fetchSources } from './api/api-client';
import type { SourceInfo } from './api/api-types';
import { type LiveState, subscribeToLiveSpans } from './api/live-updates';
import { LiveContext, type LiveUpdates } from './live-context';
import { Link, LOCAL_SOURCE, navigate, pathWithQuery, type Route, sourceParam, useRoute } from './router';
import { currentTheme, toggleTheme } from './theme';
import { useKeyboard } from './use-keyboard';
import { TraceList } from './views/trace-list';
import { TraceView } from './views/trace-view';

/** The page: header (navigation, source picker, live indicator, theme toggle) and the routed view. */
export function App() {
  const route = useRoute();
  const source = route.query.get('source') || LOCAL_SOURCE;
  const live = useLiveUpdates(source);

  useKeyboard({
    '/': (event) => {
      event.preventDefault();
      if (route.name !== 'traces') navigate(pathWithQuery('/', { source: sourceParam(source) }));
      // After the list has rendered its search box.
      requestAnimationFrame(() => document.getElementById('trace-search')?.focus());
    },
  });

  return (
    <LiveContext.Provider value={live}>
      <header class="app-header">
        <Link class="brand" href={pathWithQuery('/', { source: sourceParam(source) })}>
          genai-otel <span>view</span>
        </Link>
        <nav class="app-nav" aria-label="Views">
          <Link
            href={pathWithQuery('/', { source: sourceParam(source) })}
            aria-current={route.name !== 'overview' ? 'page' : undefined}
          >
            Traces
          </Link>
          {source === LOCAL_SOURCE && (
            <Link href="/overview" aria-current={route.name === 'overview' ? 'page' : undefined}>
              Overview
            </Link>
          )}
        </nav>
        <div class="header-tools">
          <SourcePicker source={source} route={route} />
          <LiveIndicator state={live.state} />
          <ThemeToggle />
        </div>
      </header>
      <main class="app-main">
        {route.name === 'trace' ? (
          <TraceView
            key={`${source}/${route.traceId}`}
            source={source}
            traceId={route.traceId}
            spanId={route.query.get('span')}
          />
        ) : route.name === 'overview' ? (
          source === LOCAL_SOURCE ? (
            <LazyOverview key={source} source={source} query={route.query} />
          ) : (
            <p class="notice">
              The overview is drawn from the local store only.{' '}
              <Link href="/overview">Open the local overview</Link>
            </p>
          )
        ) : (
          <TraceList key={source} source={source} query={route.query} />
        )}
      </main>
    </LiveContext.Provider>
  );
}

function useLiveUpdates(source: string): LiveUpdates {
  const [state, setState] = useState<LiveState>('connecting');
  const [update, setUpdate] = useState<{ version: number; traceIds: ReadonlySet<string> }>({
    version: 0,
    traceIds: new Set(),
  });
  useEffect(() => {
    // The server streams the local store only; a Tempo or Jaeger list is re-read by reloading.
    if (source !== LOCAL_SOURCE) {
      setState('unavailable');
      return;
    }
    return subscribeToLiveSpans(
      source,
      (traceIds) => setUpdate((previous) => ({ version: previous.version + 1, traceIds: new Set(traceIds) })),
      setState,
    );
  }, [source]);
  return useMemo(() => ({ state, ...update }), [state, update]);
}

type OverviewModule = typeof import('./views/overview');
let overviewModule: Promise<OverviewModule> | undefined;

/** The overview and its chart library (uPlot, half the bundle) load on first visit, not with the list. */
function LazyOverview(props: { source: string; query: URLSearchParams }) {
  const [module, setModule] = useState<OverviewModule | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  useEffect(() => {
    overviewModule ??= import('./views/overview');
    overviewModule.then(setModule, (error: unknown) => {
      overviewModule = undefined;
      setFailure(String(error));
    });
  }, []);
  if (failure) {
    return (
      <p class="notice error" role="alert">
        Could not load the overview: {failure}
      </p>
    );
  }
  return module ? <module.Overview {...props} /> : <p class="muted">Loading…</p>;
}

/** Shown only when the viewer reads more than the local store (`--source tempo=… / jaeger=…`). */
function SourcePicker({ source, route }: { source: string; route: Route }) {
  const [sources, setSources] = useState<SourceInfo[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    fetchSources(abort.signal).then(
      (answer) => setSources(Array.isArray(answer.sources) ? answer.sources : []),
      () => setSources([]),
    );
    return () => abort.abort();
  }, []);
  if (sources.length <= 1 && source === LOCAL_SOURCE) return null;
  return (
    <label class="source-picker">
      <span>Source</span>
      <select
        value={source}
        onChange={(event) => {
          const next = event.currentTarget.value;
          // Trace ids are per source: a trace view goes back to the list.
          const path = route.name === 'overview' ? '/overview' : '/';
          navigate(pathWithQuery(path, { source: sourceParam(next) }));
        }}
      >
        {sources.length === 0 && <option value={source}>{source}</option>}
        {sources.map((item) => (
          <option key={item.id} value={item.id}>
            {item.label || item.id}
          </option>
        ))}
      </select>
    </label>
  );
}

function LiveIndicator({ state }: { state: LiveState }) {
  const text = { live: 'Live', connecting: 'Connecting…', offline: 'Offline', unavailable: 'Not live' }[
    state
  ];
  return (
    <span class={`live-indicator live-${state}`} title="New spans appear without reloading">
      {text}
    </span>
  );
}

function ThemeToggle() {
  const [theme, setTheme] = useState(currentTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      class="theme-toggle"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => setTheme(toggleTheme())}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}
