import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page's Content-Security-Policy: scripts, styles and data only from this server, no inline
 * script or style, no plugins, no framing. Captured prompts are untrusted; even if escaping failed
 * somewhere, an injected `<script>` or `onerror=` could not run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The built UI: `dist/viewer-ui` of the installed package (found from this file up to package.json). */
export function defaultUiDir(): string {
  let directory = __dirname;
  for (;;) {
    if (existsSync(join(directory, 'package.json'))) return join(directory, 'dist', 'viewer-ui');
    const parent = dirname(directory);
    if (parent === directory) return join(__dirname, 'viewer-ui');
    directory = parent;
  }
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>genai-otel view</title></head>
<body><h1>genai-otel view</h1>
<p>The viewer's web UI was not built, so there is nothing to show here. The OTLP receiver and the
JSON API (<code>/api/traces</code>) work. In a checkout of genai-otel, run <code>npm run build</code>.</p>
</body></html>
`;

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/**
 * Serves the built UI: a file that exists under `uiDir`, else `index.html` (the UI routes on the
 * client). Files under `assets/` carry content hashes in their names and are cached for a year;
 * everything else is revalidated on each load.
 */
export function serveUi(
  uiDir: string,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): void {
  const root = resolve(uiDir);
  const indexPath = join(root, 'index.html');
  let filePath = indexPath;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '/';
  }
  const candidate = resolve(root, `.${normalize(`/${decoded}`)}`);
  if (candidate.startsWith(root + sep) && existsSync(candidate) && statSync(candidate).isFile()) {
    filePath = candidate;
  }
  if (!existsSync(filePath)) {
    response.writeHead(200, { ...securityHeaders('text/html; charset=utf-8'), 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
    return;
  }
  const relative = filePath.slice(root.length + 1);
  const immutable = relative.startsWith(`assets${sep}`);
  response.writeHead(200, {
    ...securityHeaders(CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream'),
    'content-length': String(statSync(filePath).size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(filePath).pipe(response);
}
