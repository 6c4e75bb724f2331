import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  NETWORK_PROTOCOL_NAME_VALUE_HTTP,
  NETWORK_TRANSPORT_VALUE_PIPE,
  NETWORK_TRANSPORT_VALUE_TCP,
} from '../../src/genai/semconv';
import { serverAddressFromUrl } from '../../src/genai/server-address';
import type { TransportLike } from './internal-types';

const cache = new WeakMap<object, Attributes>();

/**
 * `network.*` (and, for a client's HTTP transport, `server.address`/`server.port`) of an MCP
 * transport, told apart by the SDK class: stdio is a `pipe`; Streamable HTTP and the legacy
 * HTTP+SSE transport are `http` over `tcp`. In-memory and unknown transports give nothing.
 */
export function transportAttributes(transport: TransportLike | undefined): Attributes {
  if (transport === undefined || transport === null || typeof transport !== 'object') return {};
  const known = cache.get(transport);
  if (known !== undefined) return known;
  const attributes = readTransport(transport);
  cache.set(transport, attributes);
  return attributes;
}

function readTransport(transport: TransportLike): Attributes {
  const className = classNameOf(transport);
  if (/stdio/i.test(className)) return { [ATTR_NETWORK_TRANSPORT]: NETWORK_TRANSPORT_VALUE_PIPE };
  if (!/http|sse/i.test(className)) return {};
  const attributes: Attributes = {
    [ATTR_NETWORK_TRANSPORT]: NETWORK_TRANSPORT_VALUE_TCP,
    [ATTR_NETWORK_PROTOCOL_NAME]: NETWORK_PROTOCOL_NAME_VALUE_HTTP,
  };
  const url = transport._url;
  const server = serverAddressFromUrl(url instanceof URL ? url.href : url);
  if (server !== undefined) {
    attributes[ATTR_SERVER_ADDRESS] = server.address;
    attributes[ATTR_SERVER_PORT] = server.port;
  }
  return attributes;
}

function classNameOf(value: object): string {
  try {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/** The transport's MCP session id (Streamable HTTP), when it has one. */
export function sessionIdOf(transport: TransportLike | undefined): string | undefined {
  try {
    const id = transport?.sessionId;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}
