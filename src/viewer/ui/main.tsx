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
import { applyInitialTheme } from './theme';

adoptTokenFromUrl();
applyInitialTheme();
const root = document.getElementById('app');
if (root) render(<App />, root);
