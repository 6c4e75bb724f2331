import type { Histogram, Meter } from '@opentelemetry/api';
import {
  MCP_DURATION_BUCKETS_SECONDS,
  METRIC_MCP_CLIENT_OPERATION_DURATION,
  METRIC_MCP_CLIENT_SESSION_DURATION,
  METRIC_MCP_SERVER_OPERATION_DURATION,
  METRIC_MCP_SERVER_SESSION_DURATION,
} from '../../src/genai/semconv';

/** The four MCP histograms, with the conventions' advised buckets (a user's view still wins). */
export class McpMetrics {
  readonly clientOperationDuration: Histogram;
  readonly serverOperationDuration: Histogram;
  readonly clientSessionDuration: Histogram;
  readonly serverSessionDuration: Histogram;

  constructor(meter: Meter) {
    const histogram = (name: string, description: string) =>
      meter.createHistogram(name, {
        description,
        unit: 's',
        advice: { explicitBucketBoundaries: [...MCP_DURATION_BUCKETS_SECONDS] },
      });
    this.clientOperationDuration = histogram(
      METRIC_MCP_CLIENT_OPERATION_DURATION,
      'The duration of the MCP request or notification as observed on the sender, until the response or ack is received',
    );
    this.serverOperationDuration = histogram(
      METRIC_MCP_SERVER_OPERATION_DURATION,
      'MCP request or notification duration as observed on the receiver, until the result or ack is sent',
    );
    this.clientSessionDuration = histogram(
      METRIC_MCP_CLIENT_SESSION_DURATION,
      'The duration of the MCP session as observed on the MCP client',
    );
    this.serverSessionDuration = histogram(
      METRIC_MCP_SERVER_SESSION_DURATION,
      'The duration of the MCP session as observed on the MCP server',
    );
  }
}
