import { type Attributes, type Context, context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { shouldCaptureContent } from '../../src/content/capture-policy';
import { injectTraceContext } from '../../src/context/trace-carrier';
import { ATTR_GEN_AI_OPERATION_NAME, ATTR_MCP_PROTOCOL_VERSION } from '../../src/genai/semconv';
import { isInsideToolExecution } from '../../src/genai/tool-execution-scope';
import type { AnyFunction, JsonRpcMessageLike, ProtocolLike } from './internal-types';
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
import { sessionIdOf, transportAttributes } from './transport-attributes';

/** Where the message and its options sit in the arguments of the wrapped funnel. */
export interface SendFunnelShape {
  messageIndex: number;
  optionsIndex: number;
}

/** 1.x `Protocol.request(request, resultSchema, options)`. */
export const V1_REQUEST_FUNNEL: SendFunnelShape = { messageIndex: 0, optionsIndex: 2 };
/** 2.x `Protocol._requestWithSchemaViaCodec(codec, request, resultSchema, options)`. */
export const V2_REQUEST_FUNNEL: SendFunnelShape = { messageIndex: 1, optionsIndex: 3 };

/**
 * Wraps the SDK's outgoing-request funnel: each request sent (by a client, or by a server asking
 * its client for sampling, elicitation or roots) becomes one CLIENT span `{method} {target}`, with
 * the trace context injected into a copy of `params._meta`, ended when the response arrives, the
 * request fails, times out or is cancelled. The caller gets the SDK's own promise back.
 */
export function tracedRequestFunnel(
  original: AnyFunction,
  shape: SendFunnelShape,
  telemetry: McpTelemetry,
): AnyFunction {
  return function genaiOtelMcpRequest(this: unknown, ...args: unknown[]): unknown {
    if (!telemetry.isEnabled()) return original.apply(this, args);
    const protocol = this as ProtocolLike;
    let call: OutgoingCall | undefined;
    try {
      call = OutgoingCall.start(protocol, args, shape, telemetry, true);
    } catch (error) {
      telemetry.diag.error('genai-otel: could not trace an MCP request', error);
    }
    if (call === undefined) return original.apply(this, args);
    const idBefore = protocol._requestMessageId;
    const returned = call.run(() => original.apply(this, args));
    // The funnel assigns `_requestMessageId++` synchronously before sending.
    if (typeof idBefore === 'number' && protocol._requestMessageId === idBefore + 1)
      call.setRequestId(idBefore);
    return returned;
  };
}

/**
 * One message this side sends: a request (until its response) or a notification (until it is
 * written). Shared by the request and notification funnels.
 */
export class OutgoingCall {
  private ended = false;
  private readonly startedAt = performance.now();

  private constructor(
    private readonly protocol: ProtocolLike,
    private readonly operation: McpOperation,
    private readonly span: Span,
    private readonly spanContext: Context,
    private readonly attributes: Attributes,
    private readonly capture: boolean,
    private readonly signal: AbortSignal | undefined,
    private readonly telemetry: McpTelemetry,
  ) {}

  /**
   * Starts the CLIENT span of the message at `args[shape.messageIndex]` and replaces that message
   * with a copy whose `params._meta` carries the span's context (unless `inject` is false).
   */
  static start(
    protocol: ProtocolLike,
    args: unknown[],
    shape: SendFunnelShape,
    telemetry: McpTelemetry,
    inject: boolean,
  ): OutgoingCall | undefined {
    const message = args[shape.messageIndex] as JsonRpcMessageLike | undefined;
    const operation = describeMcpMessage(message);
    if (message === undefined || operation === undefined) return undefined;
    const parent = context.active();
    const transport = protocol._transport;
    const attributes: Attributes = {
      ...operation.attributes,
      ...transportAttributes(transport),
      ...connectionAttributes(protocol, sessionIdOf(transport)),
    };
    // One execute_tool operation per tool call: inside an `execute_tool` span for this very tool
    // (withTool, LangChain), this span is its protocol-level child, not a second tool execution.
    if (isInsideToolExecution(parent, operation.toolName)) delete attributes[ATTR_GEN_AI_OPERATION_NAME];
    if (operation.attributes[ATTR_MCP_PROTOCOL_VERSION] !== undefined)
      attributes[ATTR_MCP_PROTOCOL_VERSION] = operation.attributes[ATTR_MCP_PROTOCOL_VERSION];
    const span = telemetry
      .tracer()
      .startSpan(operation.spanName, { kind: SpanKind.CLIENT, attributes }, parent);
    const spanContext = trace.setSpan(parent, span);
    const capture = shouldCaptureContent(parent);
    if (capture) recordRequestContent(span, operation, message);
    if (inject) {
      // The receiver's span becomes a child of this one, across processes (MCP conventions: params._meta).
      const meta: Record<string, unknown> = { ...(message.params?._meta ?? {}) };
      injectTraceContext(meta, spanContext);
      args[shape.messageIndex] = { ...message, params: { ...(message.params ?? {}), _meta: meta } };
    }
    const signal = (args[shape.optionsIndex] as { signal?: unknown } | undefined)?.signal;
    return new OutgoingCall(
      protocol,
      operation,
      span,
      spanContext,
      attributes,
      capture,
      signal instanceof AbortSignal ? signal : undefined,
      telemetry,
    );
  }

  /** Runs the SDK's send with this span active and follows its outcome; returns what it returned. */
  run(send: () => unknown): unknown {
    let returned: unknown;
    try {
      returned = context.with(this.spanContext, send);
    } catch (error) {
      this.end(errorOutcome(error));
      throw error;
    }
    if (isPromiseLike(returned)) {
      returned.then(
        (result) => this.succeed(result),
        (error) => this.end(errorOutcome(error, this.signal?.aborted === true)),
      );
    } else this.succeed(returned);
    return returned;
  }

  setRequestId(id: number): void {
    const attributes = requestIdAttribute(id);
    Object.assign(this.attributes, attributes);
    this.span.setAttributes(attributes);
  }

  private succeed(result: unknown): void {
    let outcome: Outcome = { attributes: {} };
    try {
      noteInitializeResult(this.protocol, this.operation.method, result, this.attributes);
      if (this.capture) recordResultContent(this.span, this.operation, result);
      outcome = resultOutcome(this.operation, result);
    } catch (error) {
      this.telemetry.diag.error('genai-otel: could not read an MCP result', error);
    }
    this.end(outcome);
  }

  private end(outcome: Outcome): void {
    if (this.ended) return;
    this.ended = true;
    endMcpSpan(
      {
        span: this.span,
        attributes: this.attributes,
        startedAt: this.startedAt,
        transport: this.protocol._transport,
        duration: this.telemetry.metrics().clientOperationDuration,
        diag: this.telemetry.diag,
      },
      outcome,
    );
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
