/**
 * Client-side routes over the History API: `/` (trace list; filters in the query),
 * `/traces/<traceId>?span=<spanId>` (one trace, one span selected) and `/overview`. The server
 * answers every such path with index.html, so each is a deep link. Three routes do not need a
 * router library.
 */
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'traces'; query: URLSearchParams }
  | { name: 'trace'; traceId: string; query: URLSearchParams }
  | { name: 'overview'; query: URLSearchParams };

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

/** The route of a path and query. */
export function routeOf(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const trace = /^\/traces\/([^/]+)\/?$/.exec(pathname);
  if (trace?.[1]) return { name: 'trace', traceId: decodeURIComponent(trace[1]), query };
  if (pathname === '/overview' || pathname === '/overview/') return { name: 'overview', query };
  return { name: 'traces', query };
}

/** The current route; re-renders the caller when it changes. */
export function useRoute(): Route {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = () => setLocation(currentLocation());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return routeOf(location.pathname, location.search);
}

function currentLocation(): { pathname: string; search: string } {
  return { pathname: window.location.pathname, search: window.location.search };
}

/** Goes to `url` (a path with query) without reloading; `replace` keeps the history entry. */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (url === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  notify();
}

let lastListUrl = '/';

/** The trace list remembers its URL (filters included), so "back to the list" returns to it. */
export function rememberListUrl(url: string): void {
  lastListUrl = url;
}

/** The trace list as last seen (with its filters), or `/`. */
export function listUrl(): string {
  return lastListUrl;
}

/** The viewer's own store; the default source. */
export const LOCAL_SOURCE = 'local';

/** `source` as a URL parameter: left out for the default, so links stay short. */
export function sourceParam(source: string): string | undefined {
  return source === LOCAL_SOURCE ? undefined : source;
}

/** A path with its query parameters; empty values are left out. */
export function pathWithQuery(path: string, params: Record<string, string | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & {
  href: string;
  replace?: boolean;
  children?: ComponentChildren;
};

/** An anchor that navigates client-side on a plain click; middle/modified clicks open a new tab as usual. */
export function Link({ href, replace, children, onClick, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={href}
      onClick={(event) => {
        if (typeof onClick === 'function') onClick(event);
        if (event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href, { replace });
      }}
    >
      {children}
    </a>
  );
}
