/**
 * The parts of the MCP SDKs' `Protocol` (base of `Client` and `Server`) and transports that the
 * instrumentation touches, in both package lines: `@modelcontextprotocol/sdk` 1.x and the split
 * `@modelcontextprotocol/client` / `server` 2.x. Everything is optional: fields are read defensively.
 */

export type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** A JSON-RPC request or notification as the SDK builds it (`id` is assigned inside `request`). */
export interface JsonRpcMessageLike {
  jsonrpc?: string;
  id?: string | number | null;
  method?: string;
  params?: RequestParamsLike;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

export interface RequestParamsLike {
  [key: string]: unknown;
  _meta?: Record<string, unknown>;
  name?: unknown;
  uri?: unknown;
  arguments?: unknown;
  protocolVersion?: unknown;
}

/** Any transport: stdio, Streamable HTTP, SSE, in-memory, or the user's own. */
export interface TransportLike {
  sessionId?: string;
  send?: AnyFunction;
  /** Client HTTP transports keep their endpoint here (1.x and 2.x). */
  _url?: unknown;
  /** Our per-transport hook state; see server-requests.ts. */
  [key: symbol]: unknown;
}

/** A `Protocol` instance (a `Client` or a `Server`). */
export interface ProtocolLike {
  _transport?: TransportLike;
  _requestMessageId?: unknown;
  _requestHandlerAbortControllers?: Map<unknown, AbortController>;
  /** 2.x: set once a protocol version was negotiated. */
  _negotiatedProtocolVersion?: unknown;
}

/** `Protocol.prototype`: the methods we wrap. */
export interface ProtocolPrototypeLike {
  [key: string]: unknown;
  connect?: AnyFunction;
  request?: AnyFunction;
  /** 2.x: the one funnel every outgoing request goes through. */
  _requestWithSchemaViaCodec?: AnyFunction;
  _notificationViaCodec?: AnyFunction;
  _onrequest?: AnyFunction;
  _onclose?: AnyFunction;
}
