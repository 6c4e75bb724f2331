import { attributesOf, type OtlpReceiver } from './otlp-receiver';

/** A log record (a GenAI event) as a backend would show it. */
export interface ReceivedLogRecord {
  eventName: string;
  severityNumber: number;
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: string;
}

/**
 * The log records the receiver got on `/v1/logs`, from OTLP/JSON requests (run the app with
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`); structured attribute values come back as objects and
 * arrays.
 */
export function receivedLogRecords(receiver: OtlpReceiver): ReceivedLogRecord[] {
  const records: ReceivedLogRecord[] = [];
  for (const request of receiver.requests) {
    if (!request.path.endsWith('/v1/logs')) continue;
    if (request.contentType !== 'application/json') {
      throw new Error(
        `log records arrived as ${request.contentType}; set OTEL_EXPORTER_OTLP_PROTOCOL=http/json`,
      );
    }
    const body = JSON.parse(request.body.toString('utf8'));
    for (const resourceLogs of body.resourceLogs ?? []) {
      const resource = attributesOf(resourceLogs.resource?.attributes);
      for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
        for (const record of scopeLogs.logRecords ?? []) {
          records.push({
            eventName: record.eventName ?? '',
            severityNumber: Number(record.severityNumber ?? 0),
            traceId: String(record.traceId ?? '').toLowerCase(),
            spanId: String(record.spanId ?? '').toLowerCase(),
            attributes: attributesOf(record.attributes),
            resource,
            scope: scopeLogs.scope?.name ?? '',
          });
        }
      }
    }
  }
  return records;
}
