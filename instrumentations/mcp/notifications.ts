import { context } from '@opentelemetry/api';
import { OutgoingCall, type SendFunnelShape } from './client-requests';
import type { AnyFunction, JsonRpcMessageLike, ProtocolLike } from './internal-types';
import { describeMcpMessage, errorOutcome, type Outcome } from './mcp-operation';
import type { McpTelemetry } from './mcp-session';
import { endMcpSpan } from './mcp-span-end';
import { type IncomingSpan, startIncomingSpan } from './server-requests';

/** 1.x `Protocol.notification(notification, options)`. */
export const V1_NOTIFICATION_FUNNEL: SendFunnelShape = { messageIndex: 0, optionsIndex: 1 };
/** 2.x `Protocol._notificationViaCodec(codec, notification, options)`. */
export const V2_NOTIFICATION_FUNNEL: SendFunnelShape = { messageIndex: 1, optionsIndex: 2 };

/**
 * Wraps the SDK's outgoing-notification funnel: a CLIENT span `{method}` per notification sent,
 * until it is written, with the trace context in `params._meta` — except for the methods the app
 * asked the SDK to debounce, which the SDK only coalesces while they have no params.
 */
export function tracedNotificationFunnel(
  original: AnyFunction,
  shape: SendFunnelShape,
  telemetry: McpTelemetry,
): AnyFunction {
  return function genaiOtelMcpNotification(this: unknown, ...args: unknown[]): unknown {
    if (!telemetry.isEnabled()) return original.apply(this, args);
    let call: OutgoingCall | undefined;
    try {
      const protocol = this as ProtocolLike & { _options?: { debouncedNotificationMethods?: unknown } };
      const method = (args[shape.messageIndex] as JsonRpcMessageLike | undefined)?.method;
      const debounced = protocol._options?.debouncedNotificationMethods;
      const inject = !(Array.isArray(debounced) && debounced.includes(method));
      call = OutgoingCall.start(protocol, args, shape, telemetry, inject);
    } catch (error) {
      telemetry.diag.error('genai-otel: could not trace an MCP notification', error);
    }
    if (call === undefined) return original.apply(this, args);
    return call.run(() => original.apply(this, args));
  };
}

/**
 * Wraps `Protocol._onnotification(notification, extra)`: a SERVER span `{method}` per notification
 * received, parented like a request's, active while the SDK dispatches it to its handler. A
 * notification has no reply, so the span ends once it is dispatched.
 */
export function tracedNotificationDispatch(original: AnyFunction, telemetry: McpTelemetry): AnyFunction {
  return function genaiOtelMcpOnNotification(this: unknown, ...args: unknown[]): unknown {
    if (!telemetry.isEnabled()) return original.apply(this, args);
    const protocol = this as ProtocolLike;
    const notification = args[0] as JsonRpcMessageLike | undefined;
    let incoming: IncomingSpan | undefined;
    const startedAt = performance.now();
    try {
      const operation = describeMcpMessage(notification);
      if (notification !== undefined && operation !== undefined)
        incoming = startIncomingSpan(protocol, notification, operation, args[1], telemetry);
    } catch (error) {
      telemetry.diag.error('genai-otel: could not trace an incoming MCP notification', error);
    }
    if (incoming === undefined) return original.apply(this, args);
    const started = incoming;
    let outcome: Outcome = { attributes: {} };
    try {
      return context.with(started.context, () => original.apply(this, args));
    } catch (error) {
      outcome = errorOutcome(error);
      throw error;
    } finally {
      endMcpSpan(
        {
          span: started.span,
          attributes: started.attributes,
          startedAt,
          transport: protocol._transport,
          duration: telemetry.metrics().serverOperationDuration,
          diag: telemetry.diag,
        },
        outcome,
      );
    }
  };
}
