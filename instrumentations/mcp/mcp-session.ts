import type { Attributes, DiagLogger, Tracer } from '@opentelemetry/api';
import {
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_SESSION_ID,
  MCP_METHOD_NAME_VALUE_INITIALIZE,
} from '../../src/genai/semconv';
import type { ProtocolLike } from './internal-types';
import type { McpMetrics } from './mcp-metrics';

/** What the wrappers need of the instrumentation, read at call time (the meter can change). */
export interface McpTelemetry {
  tracer(): Tracer;
  metrics(): McpMetrics;
  diag: DiagLogger;
  isEnabled(): boolean;
}

/** Per-connection state kept beside a `Client`/`Server` instance. */
export interface McpSession {
  /** `performance.now()` when `connect()` was called; undefined before. */
  connectedAt: number | undefined;
  /** Negotiated by `initialize` (seen on the wire by either side). */
  protocolVersion: string | undefined;
}

const sessions = new WeakMap<object, McpSession>();

export function sessionOf(protocol: ProtocolLike): McpSession {
  let session = sessions.get(protocol);
  if (session === undefined) {
    session = { connectedAt: undefined, protocolVersion: undefined };
    sessions.set(protocol, session);
  }
  return session;
}

/** The negotiated MCP protocol version: what `initialize` said, else the 2.x SDK's own field. */
export function protocolVersionOf(protocol: ProtocolLike): string | undefined {
  const seen = sessions.get(protocol)?.protocolVersion;
  if (seen !== undefined) return seen;
  try {
    const negotiated = protocol._negotiatedProtocolVersion;
    return typeof negotiated === 'string' ? negotiated : undefined;
  } catch {
    return undefined;
  }
}

/** Whether this `Protocol` instance is the MCP client (a `Client`) or the server (`Server`). */
export function roleOf(protocol: ProtocolLike): 'client' | 'server' {
  return typeof (protocol as { callTool?: unknown }).callTool === 'function' ? 'client' : 'server';
}

/** Elapsed seconds since `startedAt` (a `performance.now()` reading). */
export function secondsSince(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}

/**
 * `mcp.session.id` and `mcp.protocol.version` of the connection a message travels on, as far as
 * they are known when the operation starts.
 */
export function connectionAttributes(protocol: ProtocolLike, sessionId: string | undefined): Attributes {
  const attributes: Attributes = {};
  if (sessionId !== undefined) attributes[ATTR_MCP_SESSION_ID] = sessionId;
  const version = protocolVersionOf(protocol);
  if (version !== undefined) attributes[ATTR_MCP_PROTOCOL_VERSION] = version;
  return attributes;
}

/**
 * An `initialize` result names the protocol version both sides agreed on: remember it for the
 * connection's later spans and the session metric, and put it on this span's attributes.
 */
export function noteInitializeResult(
  protocol: ProtocolLike,
  method: string,
  result: unknown,
  attributes: Attributes,
): void {
  if (method !== MCP_METHOD_NAME_VALUE_INITIALIZE) return;
  const version = (result as { protocolVersion?: unknown } | null | undefined)?.protocolVersion;
  if (typeof version !== 'string') return;
  sessionOf(protocol).protocolVersion = version;
  attributes[ATTR_MCP_PROTOCOL_VERSION] = version;
}
