import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Host names that only reach this machine. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Whether the request carries the token, as `Authorization: Bearer T` or `?token=T`. Compared in
 * constant time (over digests, so the length of the token does not show either).
 */
export function hasToken(request: IncomingMessage, url: URL, token: string): boolean {
  const header = request.headers.authorization;
  const presented =
    typeof header === 'string' && /^bearer\s+/i.test(header)
      ? header.replace(/^bearer\s+/i, '').trim()
      : url.searchParams.get('token');
  return presented !== null && matchesToken(presented, token);
}

function matchesToken(presented: string, token: string): boolean {
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * The cookie that lets the browser load the UI's own script and style files once the page was
 * opened with `?token=`: those requests cannot carry a header or the query. It is accepted for
 * the static UI only — the API and OTLP still need the header or the query — so a cross-site
 * request can never use it (it is SameSite=Strict as well).
 */
export const UI_TOKEN_COOKIE = 'genai_otel_view_token';

/** `Set-Cookie` value for {@link UI_TOKEN_COOKIE}. */
export function uiTokenCookie(token: string): string {
  return `${UI_TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Whether the request carries {@link UI_TOKEN_COOKIE} with the token. */
export function hasUiTokenCookie(request: IncomingMessage, token: string): boolean {
  for (const pair of String(request.headers.cookie ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== UI_TOKEN_COOKIE) continue;
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(separator + 1).trim());
    } catch {
      continue;
    }
    if (matchesToken(value, token)) return true;
  }
  return false;
}

/**
 * Without a token the server trusts only requests addressed to a loopback name: a web page whose
 * domain an attacker re-points at 127.0.0.1 (DNS rebinding) sends its own Host and is refused.
 */
export function hasLoopbackHostHeader(request: IncomingMessage): boolean {
  const host = request.headers.host;
  if (host === undefined) return true; // HTTP/1.0 clients; a browser always sends Host
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
  return isLoopbackHost(name);
}
