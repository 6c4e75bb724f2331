/**
 * The `genai-otel view` web UI. Bundled by scripts/build-viewer-ui.mjs into dist/viewer-ui and
 * served by the viewer (src/viewer/server) with a strict Content-Security-Policy: no inline
 * script or style, and every piece of captured data goes into the DOM as text, never as HTML.
 */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { adoptTokenFromUrl } from './api/access-token';
import { App } from './app';
import { LOCAL_SOURCE, routeOf } from './router';
import { applyInitialTheme } from './theme';
import { prefetchTraceList } from './views/trace-list';

adoptTokenFromUrl();
applyInitialTheme();
const route = routeOf(window.location.pathname, window.location.search);
if (route.name === 'traces') prefetchTraceList(route.query.get('source') || LOCAL_SOURCE, route.query);
const root = document.getElementById('app');
if (root) render(<App />, root);
