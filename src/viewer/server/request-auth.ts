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
  if (presented === null) return false;
  return timingSafeEqual(digest(presented), digest(token));
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
