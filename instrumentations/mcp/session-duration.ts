import type { Attributes } from '@opentelemetry/api';
import { ATTR_MCP_PROTOCOL_VERSION, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '../../src/genai/semconv';
import type { AnyFunction, ProtocolLike, TransportLike } from './internal-types';
import { type McpTelemetry, protocolVersionOf, roleOf, secondsSince, sessionOf } from './mcp-session';
import { followHttpPeers } from './peer-address';
import { endPendingOnClose } from './server-requests';
import { transportAttributes } from './transport-attributes';

/**
 * Wraps `Protocol.connect(transport)`: a session starts when a client or server connects (and a
 * Node HTTP server transport starts telling us its peers).
 */
export function tracedConnect(original: AnyFunction, telemetry: McpTelemetry): AnyFunction {
  return function genaiOtelMcpConnect(this: unknown, ...args: unknown[]): unknown {
    if (telemetry.isEnabled()) {
      try {
        const session = sessionOf(this as ProtocolLike);
        session.connectedAt = performance.now();
        session.protocolVersion = undefined;
        followHttpPeers(args[0] as TransportLike | undefined);
      } catch (error) {
        telemetry.diag.error('genai-otel: could not follow an MCP session', error);
      }
    }
    return original.apply(this, args);
  };
}

/**
 * Wraps `Protocol._onclose()`, which both SDK lines run exactly once when the transport closes:
 * ends the spans of requests still being handled, and records `mcp.client.session.duration` or
 * `mcp.server.session.duration`.
 */
export function tracedClose(original: AnyFunction, telemetry: McpTelemetry): AnyFunction {
  return function genaiOtelMcpOnClose(this: unknown, ...args: unknown[]): unknown {
    try {
      endPendingOnClose((this as ProtocolLike)._transport);
      recordSession(this as ProtocolLike, telemetry);
    } catch (error) {
      telemetry.diag.error('genai-otel: could not record an MCP session', error);
    }
    return original.apply(this, args);
  };
}

function recordSession(protocol: ProtocolLike, telemetry: McpTelemetry): void {
  const session = sessionOf(protocol);
  const connectedAt = session.connectedAt;
  session.connectedAt = undefined;
  if (connectedAt === undefined || !telemetry.isEnabled()) return;
  const role = roleOf(protocol);
  const attributes: Attributes = { ...transportAttributes(protocol._transport) };
  if (role === 'server') {
    delete attributes[ATTR_SERVER_ADDRESS];
    delete attributes[ATTR_SERVER_PORT];
  }
  const version = protocolVersionOf(protocol);
  if (version !== undefined) attributes[ATTR_MCP_PROTOCOL_VERSION] = version;
  const metrics = telemetry.metrics();
  const histogram = role === 'client' ? metrics.clientSessionDuration : metrics.serverSessionDuration;
  histogram.record(secondsSince(connectedAt), attributes);
}
