/**
 * One span shape for what the backends return. Jaeger's `/api/v3` answers OTLP/JSON with hex ids
 * and numeric enums; Tempo's `/api/v2/traces` answers protobuf-JSON with base64 ids and enum
 * names; both flatten here, so a test asserts what a user would see in either.
 */

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  status: 'UNSET' | 'OK' | 'ERROR';
  statusMessage: string | undefined;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  resource: Record<string, unknown>;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
}

interface OtlpJsonValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpJsonValue[] };
  kvlistValue?: { values?: OtlpJsonKeyValue[] };
}
export interface OtlpJsonKeyValue {
  key: string;
  value?: OtlpJsonValue;
}
interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number | string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpJsonKeyValue[];
  events?: Array<{ name: string; attributes?: OtlpJsonKeyValue[] }>;
  status?: { code?: number | string; message?: string };
}
export interface OtlpJsonTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpJsonKeyValue[] };
    scopeSpans?: Array<{ spans?: OtlpJsonSpan[] }>;
  }>;
}

const KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUSES = ['UNSET', 'OK', 'ERROR'] as const;

/** Flattens OTLP/JSON (either dialect) into spans. */
export function spansFromOtlpJson(traces: OtlpJsonTraces): StoredSpan[] {
  const spans: StoredSpan[] = [];
  for (const resourceSpans of traces.resourceSpans ?? []) {
    const resource = attributeRecord(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        const parent = span.parentSpanId ? hexId(span.parentSpanId) : '';
        spans.push({
          traceId: hexId(span.traceId),
          spanId: hexId(span.spanId),
          parentSpanId: parent === '' || /^0+$/.test(parent) ? undefined : parent,
          name: span.name,
          kind: typeof span.kind === 'string' ? (KINDS[span.kind] ?? -1) : (span.kind ?? 0),
          status: statusName(span.status?.code),
          statusMessage: span.status?.message || undefined,
          attributes: attributeRecord(span.attributes),
          events: (span.events ?? []).map((event) => ({
            name: event.name,
            attributes: attributeRecord(event.attributes),
          })),
          resource,
          startTimeUnixNano: BigInt(span.startTimeUnixNano ?? 0),
          endTimeUnixNano: BigInt(span.endTimeUnixNano ?? 0),
        });
      }
    }
  }
  return spans;
}

function statusName(code: number | string | undefined): StoredSpan['status'] {
  if (typeof code === 'number') return STATUSES[code] ?? 'UNSET';
  if (code === 'STATUS_CODE_OK') return 'OK';
  if (code === 'STATUS_CODE_ERROR') return 'ERROR';
  return 'UNSET';
}

/** Hex ids stay; Tempo's base64 ids become hex. */
function hexId(id: string): string {
  if (/^[0-9a-f]+$/.test(id) && (id.length === 32 || id.length === 16)) return id;
  return Buffer.from(id, 'base64').toString('hex');
}

function attributeRecord(attributes: OtlpJsonKeyValue[] | undefined): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const { key, value } of attributes ?? []) record[key] = attributeValue(value);
  return record;
}

function attributeValue(value: OtlpJsonValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(attributeValue);
  if (value.kvlistValue) return attributeRecord(value.kvlistValue.values);
  return undefined;
}
