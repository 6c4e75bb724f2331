import {
  type Attributes,
  type Context,
  context,
  type Link,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { shouldCaptureContent } from '../../src/content/capture-policy';
import { extractTraceContext } from '../../src/context/trace-carrier';
import { ATTR_ERROR_TYPE } from '../../src/genai/semconv';
import type { AnyFunction, JsonRpcMessageLike, ProtocolLike, TransportLike } from './internal-types';
import {
  describeMcpMessage,
  errorOutcome,
  type McpOperation,
  type Outcome,
  recordRequestContent,
  recordResultContent,
  requestIdAttribute,
  resultOutcome,
} from './mcp-operation';
import { connectionAttributes, type McpTelemetry, noteInitializeResult } from './mcp-session';
import { endMcpSpan } from './mcp-span-end';
import { peerAttributes } from './peer-address';
import { sessionIdOf, transportAttributes } from './transport-attributes';

/** Server spans waiting for their response, per transport (one connection), by JSON-RPC id. */
const pendingByTransport = new WeakMap<object, Map<unknown, ServerCall>>();

/**
 * Wraps `Protocol._onrequest(request, extra)`, where every incoming request is dispatched: one
 * SERVER span per request, parented on the context the sender put in `params._meta` (the ambient
 * context, e.g. an HTTP server span, is linked), active while the handler runs so that its own
 * work nests inside. The span ends when the response leaves through the transport, or when the
 * request is cancelled or the connection closes.
 */
export function tracedRequestDispatch(original: AnyFunction, telemetry: McpTelemetry): AnyFunction {
  return function genaiOtelMcpOnRequest(this: unknown, ...args: unknown[]): unknown {
    if (!telemetry.isEnabled()) return original.apply(this, args);
    const protocol = this as ProtocolLike;
    let call: ServerCall | undefined;
    try {
      call = ServerCall.start(protocol, args[0] as JsonRpcMessageLike, args[1], telemetry);
    } catch (error) {
      telemetry.diag.error('genai-otel: could not trace an incoming MCP request', error);
    }
    if (call === undefined) return original.apply(this, args);
    const started = call;
    try {
      return context.with(started.context, () => original.apply(this, args));
    } catch (error) {
      started.end(errorOutcome(error));
      throw error;
    } finally {
      started.followHandler(protocol._requestHandlerAbortControllers?.get(started.requestId));
    }
  };
}

class ServerCall {
  private ended = false;
  private readonly startedAt = performance.now();

  private constructor(
    private readonly protocol: ProtocolLike,
    private readonly transport: TransportLike,
    readonly requestId: unknown,
    private readonly operation: McpOperation,
    private readonly span: Span,
    readonly context: Context,
    private readonly attributes: Attributes,
    private readonly capture: boolean,
    private readonly telemetry: McpTelemetry,
  ) {}

  static start(
    protocol: ProtocolLike,
    request: JsonRpcMessageLike | undefined,
    extra: unknown,
    telemetry: McpTelemetry,
  ): ServerCall | undefined {
    const operation = describeMcpMessage(request);
    const transport = protocol._transport;
    const requestId = request?.id;
    if (request === undefined || operation === undefined || transport === undefined) return undefined;
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return undefined;
    const incoming = startIncomingSpan(protocol, request, operation, extra, telemetry);
    const call = new ServerCall(
      protocol,
      transport,
      requestId,
      operation,
      incoming.span,
      incoming.context,
      incoming.attributes,
      incoming.capture,
      telemetry,
    );
    watchResponses(transport, telemetry).set(requestId, call);
    return call;
  }

  /**
   * After dispatch: a handler that is running can still be cancelled (notifications/cancelled) or
   * cut off by the connection closing, and then no response is ever sent. A request that got no
   * handler was answered (or dropped) during dispatch already.
   */
  followHandler(controller: AbortController | undefined): void {
    if (this.ended) return;
    if (controller === undefined) {
      this.end({ attributes: {} });
      return;
    }
    const onAbort = () => {
      const reason: unknown = controller.signal.reason;
      const code = (reason as { code?: unknown } | null | undefined)?.code;
      // notifications/cancelled aborts with the client's reason (a string), a closing 1.x connection
      // with a plain AbortError; a closing 2.x connection with its CONNECTION_CLOSED error.
      const protocolFailure = typeof code === 'string' || (typeof code === 'number' && code < 0);
      this.end(errorOutcome(reason, !protocolFailure));
    };
    if (controller.signal.aborted) onAbort();
    else controller.signal.addEventListener('abort', onAbort, { once: true });
  }

  respond(message: JsonRpcMessageLike): void {
    let outcome: Outcome = { attributes: {} };
    try {
      if (message.error !== undefined) outcome = errorOutcome(message.error);
      else {
        const result = message.result;
        noteInitializeResult(this.protocol, this.operation.method, result, this.attributes);
        if (this.capture) recordResultContent(this.span, this.operation, result);
        outcome = resultOutcome(this.operation, result);
      }
    } catch (error) {
      this.telemetry.diag.error('genai-otel: could not read an MCP response', error);
    }
    this.end(outcome);
  }

  end(outcome: Outcome): void {
    if (this.ended) return;
    this.ended = true;
    const pending = pendingByTransport.get(this.transport);
    if (pending?.get(this.requestId) === this) pending.delete(this.requestId);
    endMcpSpan(
      {
        span: this.span,
        attributes: this.attributes,
        startedAt: this.startedAt,
        transport: this.transport,
        duration: this.telemetry.metrics().serverOperationDuration,
        diag: this.telemetry.diag,
      },
      outcome,
    );
  }
}

/**
 * The connection closed: the requests still being handled on it will get no response. Ends their
 * spans with `error.type = connection_closed` (the same for both SDK lines).
 */
export function endPendingOnClose(transport: TransportLike | undefined): void {
  if (transport === undefined || transport === null) return;
  const pending = pendingByTransport.get(transport);
  if (pending === undefined || pending.size === 0) return;
  for (const call of [...pending.values()]) call.end(CONNECTION_CLOSED);
}

const CONNECTION_CLOSED: Outcome = {
  attributes: { [ATTR_ERROR_TYPE]: 'connection_closed' },
  errorMessage: 'Connection closed',
};

/** A SERVER span started for a message this side received, and the context to handle it in. */
export interface IncomingSpan {
  span: Span;
  context: Context;
  attributes: Attributes;
  capture: boolean;
}

/**
 * Starts the SERVER span of a received request or notification, parented on the context the sender
 * put in `params._meta` (the MCP conventions); the ambient context, e.g. an HTTP server span, is
 * linked. Without `_meta` context the span continues the ambient one.
 */
export function startIncomingSpan(
  protocol: ProtocolLike,
  message: JsonRpcMessageLike,
  operation: McpOperation,
  extra: unknown,
  telemetry: McpTelemetry,
): IncomingSpan {
  const transport = protocol._transport;
  const ambient = context.active();
  const parent = extractTraceContext(message.params?._meta, ambient);
  const ambientSpan = trace.getSpanContext(ambient);
  const links: Link[] =
    ambientSpan !== undefined && trace.getSpanContext(parent) !== ambientSpan
      ? [{ context: ambientSpan }]
      : [];
  const attributes: Attributes = {
    ...connectionAttributes(
      protocol,
      sessionIdOf(transport) ?? sessionIdOf(extra as TransportLike | undefined),
    ),
    ...operation.attributes,
    ...requestIdAttribute(message.id),
    ...transportAttributes(transport),
    ...peerAttributes(ambient),
  };
  const span = telemetry
    .tracer()
    .startSpan(operation.spanName, { kind: SpanKind.SERVER, attributes, links }, parent);
  const capture = shouldCaptureContent(parent);
  if (capture) recordRequestContent(span, operation, message);
  return { span, context: trace.setSpan(parent, span), attributes, capture };
}

/**
 * The pending server calls of `transport`, installing (once per transport) an observer on its
 * `send` so that each JSON-RPC response or error ends the span of its request. The SDK gets the
 * transport's own promise back.
 */
function watchResponses(transport: TransportLike, telemetry: McpTelemetry): Map<unknown, ServerCall> {
  let pending = pendingByTransport.get(transport);
  if (pending !== undefined) return pending;
  const calls = new Map<unknown, ServerCall>();
  pending = calls;
  pendingByTransport.set(transport, calls);
  const send = transport.send;
  if (typeof send !== 'function') return calls;
  transport.send = function genaiOtelMcpSend(this: unknown, ...args: unknown[]): unknown {
    try {
      const message = args[0] as JsonRpcMessageLike | undefined;
      if (
        calls.size > 0 &&
        message !== undefined &&
        message.method === undefined &&
        message.id !== undefined
      ) {
        calls.get(message.id)?.respond(message);
      }
    } catch (error) {
      telemetry.diag.error('genai-otel: could not observe an MCP response', error);
    }
    return send.apply(this, args);
  };
  return calls;
}
