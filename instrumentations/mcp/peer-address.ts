import { type Attributes, type Context, context, createContextKey } from '@opentelemetry/api';
import { ATTR_CLIENT_ADDRESS, ATTR_CLIENT_PORT } from '../../src/genai/semconv';
import type { AnyFunction, TransportLike } from './internal-types';

const PEER_KEY = createContextKey('genai-otel.mcp.http-peer');
const hookedTransports = new WeakSet<object>();

/** The Node HTTP entry points of the 1.x server transports: `(req, res, parsedBody)`. */
const NODE_REQUEST_METHODS = ['handleRequest', 'handlePostMessage'];

interface NodeRequestLike {
  socket?: { remoteAddress?: unknown; remotePort?: unknown };
}

/**
 * The protocol layer never sees the HTTP request, so `client.address`/`client.port` would be
 * unknown on server spans. For the Node transports of the 1.x SDK, which take Node's `req`, we run
 * each HTTP request's handling with the peer's socket address in the context; the server spans of
 * the MCP messages it carries read it from there. Web-standard transports (2.x) get a `Request`
 * with no socket and are left alone.
 */
export function followHttpPeers(transport: TransportLike | undefined): void {
  if (transport === undefined || transport === null || typeof transport !== 'object') return;
  if (hookedTransports.has(transport)) return;
  hookedTransports.add(transport);
  const methods = transport as unknown as Record<string, unknown>;
  for (const name of NODE_REQUEST_METHODS) {
    const original = methods[name];
    if (typeof original !== 'function' || original.length < 2) continue;
    methods[name] = function genaiOtelMcpHttpRequest(this: unknown, ...args: unknown[]): unknown {
      const peer = peerOf(args[0] as NodeRequestLike | undefined);
      if (peer === undefined) return (original as AnyFunction).apply(this, args);
      return context.with(context.active().setValue(PEER_KEY, peer), () =>
        (original as AnyFunction).apply(this, args),
      );
    };
  }
}

/** `client.address`/`client.port` of the HTTP request a message arrived in, when known. */
export function peerAttributes(ctx: Context): Attributes {
  return (ctx.getValue(PEER_KEY) as Attributes | undefined) ?? {};
}

function peerOf(req: NodeRequestLike | undefined): Attributes | undefined {
  try {
    const address = req?.socket?.remoteAddress;
    const port = req?.socket?.remotePort;
    if (typeof address !== 'string') return undefined;
    const peer: Attributes = { [ATTR_CLIENT_ADDRESS]: address.replace(/^::ffff:/, '') };
    if (typeof port === 'number') peer[ATTR_CLIENT_PORT] = port;
    return peer;
  } catch {
    return undefined;
  }
}
