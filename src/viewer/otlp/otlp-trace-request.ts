import type { SpanKindName, SpanRecord, StatusCodeName } from '../model';
import { OtlpFormatError } from './otlp-format-error';
import { asObject, nanosToMillis, readAttributes, readId, readList, readNanos } from './otlp-values';

const SPAN_KINDS: Record<string, SpanKindName> = {
  '1': 'internal',
  '2': 'server',
  '3': 'client',
  '4': 'producer',
  '5': 'consumer',
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
};
const STATUS_CODES: Record<string, StatusCodeName> = {
  '1': 'ok',
  '2': 'error',
  STATUS_CODE_OK: 'ok',
  STATUS_CODE_ERROR: 'error',
};

/** The spans of one export request, and those that could not be kept (OTLP partial success). */
export interface DecodedSpans {
  spans: SpanRecord[];
  rejected: number;
  /** Why the first rejected span was rejected. */
  rejectReason?: string;
}

/**
 * Reads an `ExportTraceServiceRequest` (OTLP/JSON, or our protobuf decoding of it) into span
 * records. A request that is not shaped like one throws {@link OtlpFormatError}; a single span
 * without valid ids is counted as rejected and the rest are kept.
 */
export function spansFromTraceRequest(request: unknown): DecodedSpans {
  const spans: SpanRecord[] = [];
  let rejected = 0;
  let rejectReason: string | undefined;
  try {
    const body = asObject(request, 'the request body');
    for (const [resourceIndex, resourceSpansValue] of readList(body, 'resourceSpans', 'request').entries()) {
      const where = `resourceSpans[${resourceIndex}]`;
      const resourceSpans = asObject(resourceSpansValue, where);
      const resource = readAttributes(
        (resourceSpans.resource as Record<string, unknown> | undefined)?.attributes,
      );
      const serviceName =
        typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service';
      for (const [scopeIndex, scopeSpansValue] of readList(resourceSpans, 'scopeSpans', where).entries()) {
        const scopeWhere = `${where}.scopeSpans[${scopeIndex}]`;
        const scopeSpans = asObject(scopeSpansValue, scopeWhere);
        const scope = (scopeSpans.scope ?? {}) as Record<string, unknown>;
        const scopeName = typeof scope.name === 'string' ? scope.name : '';
        const scopeVersion =
          typeof scope.version === 'string' && scope.version !== '' ? scope.version : undefined;
        for (const [spanIndex, spanValue] of readList(scopeSpans, 'spans', scopeWhere).entries()) {
          const spanWhere = `${scopeWhere}.spans[${spanIndex}]`;
          const span = asObject(spanValue, spanWhere);
          const traceId = readId(span.traceId, 16);
          const spanId = readId(span.spanId, 8);
          if (traceId === undefined || spanId === undefined || /^0+$/.test(traceId) || /^0+$/.test(spanId)) {
            rejected++;
            rejectReason ??= `${spanWhere} has no valid traceId (16 bytes) and spanId (8 bytes)`;
            continue;
          }
          const startTimeUnixNano = readNanos(span.startTimeUnixNano);
          let endTimeUnixNano = readNanos(span.endTimeUnixNano);
          if (BigInt(endTimeUnixNano) < BigInt(startTimeUnixNano)) endTimeUnixNano = startTimeUnixNano;
          const startTimeMs = nanosToMillis(startTimeUnixNano);
          const status = (span.status ?? {}) as Record<string, unknown>;
          const statusMessage =
            typeof status.message === 'string' && status.message !== '' ? status.message : undefined;
          const record: SpanRecord = {
            traceId,
            spanId,
            parentSpanId: readId(span.parentSpanId, 8) ?? null,
            name: typeof span.name === 'string' ? span.name : '',
            kind: SPAN_KINDS[String(span.kind)] ?? 'internal',
            startTimeMs,
            durationMs: nanosToMillis(endTimeUnixNano) - startTimeMs,
            startTimeUnixNano,
            endTimeUnixNano,
            status: {
              code: STATUS_CODES[String(status.code)] ?? 'unset',
              ...(statusMessage === undefined ? {} : { message: statusMessage }),
            },
            serviceName,
            scopeName,
            ...(scopeVersion === undefined ? {} : { scopeVersion }),
            attributes: readAttributes(span.attributes),
            resource,
            events: readList(span, 'events', spanWhere).map((eventValue) => {
              const event = asObject(eventValue, `${spanWhere}.events[]`);
              return {
                name: typeof event.name === 'string' ? event.name : '',
                timeMs: nanosToMillis(readNanos(event.timeUnixNano)),
                attributes: readAttributes(event.attributes),
              };
            }),
            links: readList(span, 'links', spanWhere).flatMap((linkValue) => {
              const link = asObject(linkValue, `${spanWhere}.links[]`);
              const linkTraceId = readId(link.traceId, 16);
              const linkSpanId = readId(link.spanId, 8);
              if (linkTraceId === undefined || linkSpanId === undefined) return [];
              return [
                { traceId: linkTraceId, spanId: linkSpanId, attributes: readAttributes(link.attributes) },
              ];
            }),
          };
          spans.push(record);
        }
      }
    }
  } catch (error) {
    if (error instanceof TypeError)
      throw new OtlpFormatError(`malformed OTLP trace request: ${error.message}`);
    throw error;
  }
  return { spans, rejected, ...(rejectReason === undefined ? {} : { rejectReason }) };
}
