import type { Attributes, DiagLogger, Histogram, Span } from '@opentelemetry/api';
import { ATTR_MCP_SESSION_ID } from '../../src/genai/semconv';
import type { TransportLike } from './internal-types';
import { applyOutcome, metricAttributes, type Outcome } from './mcp-operation';
import { secondsSince } from './mcp-session';
import { sessionIdOf } from './transport-attributes';

const SESSION_ID_NOT_IN_METRICS = new Set([ATTR_MCP_SESSION_ID]);

/** What ending one MCP operation span needs, on either side. */
export interface McpSpanEnd {
  span: Span;
  /** The span's attributes so far; the metric takes its own from them. */
  attributes: Attributes;
  /** `performance.now()` at the start. */
  startedAt: number;
  transport: TransportLike | undefined;
  /** `mcp.client.operation.duration` or `mcp.server.operation.duration`. */
  duration: Histogram;
  diag: DiagLogger;
}

/**
 * Ends an MCP operation span with its outcome and records its duration: a Streamable HTTP session
 * id that arrived meanwhile (with the initialize response) is added, ids stay off the metric.
 * Never throws; the span is ended whatever happens.
 */
export function endMcpSpan(end: McpSpanEnd, outcome: Outcome): void {
  try {
    const sessionId = sessionIdOf(end.transport);
    if (sessionId !== undefined) end.attributes[ATTR_MCP_SESSION_ID] ??= sessionId;
    Object.assign(end.attributes, outcome.attributes);
    end.span.setAttributes(end.attributes);
    applyOutcome(end.span, outcome);
    end.duration.record(
      secondsSince(end.startedAt),
      metricAttributes(end.attributes, SESSION_ID_NOT_IN_METRICS),
    );
  } catch (error) {
    end.diag.error('genai-otel: could not record an MCP operation', error);
  } finally {
    end.span.end();
  }
}
