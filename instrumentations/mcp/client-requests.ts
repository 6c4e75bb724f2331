import { type Attributes, type Context, context, SpanKind, trace } from '@opentelemetry/api';
import { shouldCaptureContent } from '../../src/content/capture-policy';
import { injectTraceContext } from '../../src/context/trace-carrier';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_SESSION_ID,
  MCP_METHOD_NAME_VALUE_INITIALIZE,
} from '../../src/genai/semconv';
import { isInsideToolExecution } from '../../src/genai/tool-execution-scope';
import type { AnyFunction, JsonRpcMessageLike, ProtocolLike } from './internal-types';
import {
  applyOutcome,
  describeMcpMessage,
  errorOutcome,
  type McpOperation,
  metricAttributes,
  type Outcome,
  recordRequestContent,
  recordResultContent,
  requestIdAttribute,
  resultOutcome,
} from './mcp-operation';
import { type McpTelemetry, protocolVersionOf, secondsSince, sessionOf } from './mcp-session';
import { sessionIdOf, transportAttributes } from './transport-attributes';

/** Where the request and its options sit in the arguments of the wrapped funnel. */
export interface RequestFunnelShape {
  requestIndex: number;
  optionsIndex: number;
}

/** 1.x `Protocol.request(request, resultSchema, options)`. */
export const V1_REQUEST_FUNNEL: RequestFunnelShape = { requestIndex: 0, optionsIndex: 2 };
/** 2.x `Protocol._requestWithSchemaViaCodec(codec, request, resultSchema, options)`. */
export const V2_REQUEST_FUNNEL: RequestFunnelShape = { requestIndex: 1, optionsIndex: 3 };

const SESSION_ID_NOT_IN_METRICS = new Set([ATTR_MCP_SESSION_ID]);

/**
 * Wraps the SDK's outgoing-request funnel: each request sent (by a client, or by a server asking
 * its client for sampling, elicitation or roots) becomes one CLIENT span `{method} {target}`, with
 * the trace context injected into a copy of `params._meta`, ended when the response arrives, the
 * request fails, times out or is cancelled. The caller gets the SDK's own promise back.
 */
export function tracedRequestFunnel(
  original: AnyFunction,
  shape: RequestFunnelShape,
  telemetry: McpTelemetry,
): AnyFunction {
  return function genaiOtelMcpRequest(this: unknown, ...args: unknown[]): unknown {
    if (!telemetry.isEnabled()) return original.apply(this, args);
    const protocol = this as ProtocolLike;
    let call: ClientCall | undefined;
    try {
      call = ClientCall.start(protocol, args, shape, telemetry);
    } catch (error) {
      telemetry.diag.error('genai-otel: could not trace an MCP request', error);
    }
    if (call === undefined) return original.apply(this, args);
    const idBefore = protocol._requestMessageId;
    let returned: unknown;
    try {
      returned = context.with(call.context, () => original.apply(this, args));
    } catch (error) {
      call.end(errorOutcome(error));
      throw error;
    }
    const started = call;
    try {
      // The funnel assigns `_requestMessageId++` synchronously before sending.
      if (typeof idBefore === 'number' && protocol._requestMessageId === idBefore + 1)
        started.setRequestId(idBefore);
      if (isPromiseLike(returned)) {
        returned.then(
          (result) => started.succeed(result),
          (error) => started.end(errorOutcome(error, started.wasCancelled())),
        );
      } else started.succeed(returned);
    } catch (error) {
      telemetry.diag.error('genai-otel: could not follow an MCP request', error);
    }
    return returned;
  };
}

class ClientCall {
  private ended = false;
  private readonly startedAt = performance.now();

  private constructor(
    private readonly protocol: ProtocolLike,
    private readonly operation: McpOperation,
    private readonly span: ReturnType<ReturnType<McpTelemetry['tracer']>['startSpan']>,
    readonly context: Context,
    private readonly attributes: Attributes,
    private readonly capture: boolean,
    private readonly signal: AbortSignal | undefined,
    private readonly telemetry: McpTelemetry,
  ) {}

  static start(
    protocol: ProtocolLike,
    args: unknown[],
    shape: RequestFunnelShape,
    telemetry: McpTelemetry,
  ): ClientCall | undefined {
    const request = args[shape.requestIndex] as JsonRpcMessageLike | undefined;
    const operation = describeMcpMessage(request);
    if (request === undefined || operation === undefined) return undefined;
    const parent = context.active();
    const transport = protocol._transport;
    const attributes: Attributes = { ...operation.attributes, ...transportAttributes(transport) };
    // One execute_tool operation per tool call: inside an `execute_tool` span for this very tool
    // (withTool, LangChain), this span is its protocol-level child, not a second tool execution.
    if (isInsideToolExecution(parent, operation.toolName)) delete attributes[ATTR_GEN_AI_OPERATION_NAME];
    const sessionId = sessionIdOf(transport);
    if (sessionId !== undefined) attributes[ATTR_MCP_SESSION_ID] = sessionId;
    const version = protocolVersionOf(protocol);
    if (version !== undefined) attributes[ATTR_MCP_PROTOCOL_VERSION] ??= version;
    const span = telemetry
      .tracer()
      .startSpan(operation.spanName, { kind: SpanKind.CLIENT, attributes }, parent);
    const spanContext = trace.setSpan(parent, span);
    const capture = shouldCaptureContent(parent);
    if (capture) recordRequestContent(span, operation, request);
    // The receiver's span becomes a child of this one, across processes (MCP conventions: params._meta).
    const meta: Record<string, unknown> = { ...(request.params?._meta ?? {}) };
    injectTraceContext(meta, spanContext);
    args[shape.requestIndex] = { ...request, params: { ...(request.params ?? {}), _meta: meta } };
    const signal = (args[shape.optionsIndex] as { signal?: unknown } | undefined)?.signal;
    return new ClientCall(
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

  setRequestId(id: number): void {
    const attributes = requestIdAttribute(id);
    Object.assign(this.attributes, attributes);
    this.span.setAttributes(attributes);
  }

  wasCancelled(): boolean {
    return this.signal?.aborted === true;
  }

  succeed(result: unknown): void {
    let outcome: Outcome = { attributes: {} };
    try {
      if (this.operation.method === MCP_METHOD_NAME_VALUE_INITIALIZE) {
        const version = (result as { protocolVersion?: unknown } | null | undefined)?.protocolVersion;
        if (typeof version === 'string') {
          sessionOf(this.protocol).protocolVersion = version;
          this.attributes[ATTR_MCP_PROTOCOL_VERSION] = version;
        }
      }
      if (this.capture) recordResultContent(this.span, this.operation, result);
      outcome = resultOutcome(this.operation, result);
    } catch (error) {
      this.telemetry.diag.error('genai-otel: could not read an MCP result', error);
    }
    this.end(outcome);
  }

  end(outcome: Outcome): void {
    if (this.ended) return;
    this.ended = true;
    try {
      // A Streamable HTTP session id arrives with the initialize response.
      const sessionId = sessionIdOf(this.protocol._transport);
      if (sessionId !== undefined) this.attributes[ATTR_MCP_SESSION_ID] ??= sessionId;
      Object.assign(this.attributes, outcome.attributes);
      this.span.setAttributes(this.attributes);
      applyOutcome(this.span, outcome);
      this.telemetry
        .metrics()
        .clientOperationDuration.record(
          secondsSince(this.startedAt),
          metricAttributes(this.attributes, SESSION_ID_NOT_IN_METRICS),
        );
    } catch (error) {
      this.telemetry.diag.error('genai-otel: could not record an MCP request', error);
    } finally {
      this.span.end();
    }
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
