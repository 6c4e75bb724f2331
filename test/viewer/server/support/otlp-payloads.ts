import { gzipSync } from 'node:zlib';
import { otlpProtoRoot } from '../../../../src/viewer/otlp/otlp-proto-schema';

/** A span to send, in test-friendly units; ids are hex. */
export interface TestSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP SpanKind number; 1 internal by default. */
  kind?: number;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, string | number | boolean | string[]>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status?: { code: number; message?: string };
  service?: string;
  events?: Array<{ name: string; timeMs: number; attributes?: Record<string, string | number | boolean> }>;
}

let idCounter = 0;
/** A fresh hex id of `bytes` bytes, unique in the test run. */
export function hexId(bytes: 8 | 16): string {
  idCounter++;
  return (Date.now().toString(16) + idCounter.toString(16).padStart(8, '0'))
    .padStart(bytes * 2, 'a')
    .slice(-bytes * 2);
}

function anyValue(value: string | number | boolean | string[]): Record<string, unknown> {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

function keyValues(attributes: Record<string, string | number | boolean | string[]> = {}) {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** An ExportTraceServiceRequest in OTLP/JSON, one resource per service. */
export function otlpJsonTraces(spans: readonly TestSpan[]): Record<string, unknown> {
  const byService = new Map<string, TestSpan[]>();
  for (const span of spans) {
    const service = span.service ?? 'viewer-test';
    byService.set(service, [...(byService.get(service) ?? []), span]);
  }
  return {
    resourceSpans: [...byService].map(([service, serviceSpans]) => ({
      resource: { attributes: keyValues({ 'service.name': service }) },
      scopeSpans: [
        {
          scope: { name: 'viewer-test', version: '1.0.0' },
          spans: serviceSpans.map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
            name: span.name,
            kind: span.kind ?? 1,
            startTimeUnixNano: nanos(span.startMs),
            endTimeUnixNano: nanos(span.startMs + span.durationMs),
            attributes: keyValues(span.attributes),
            events: (span.events ?? []).map((event) => ({
              name: event.name,
              timeUnixNano: nanos(event.timeMs),
              attributes: keyValues(event.attributes),
            })),
            status: span.status ?? {},
          })),
        },
      ],
    })),
  };
}

/** The same request encoded as OTLP protobuf. */
export function otlpProtoTraces(spans: readonly TestSpan[]): Uint8Array {
  const json = otlpJsonTraces(spans) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
  };
  for (const resource of json.resourceSpans) {
    for (const scope of resource.scopeSpans) {
      for (const span of scope.spans) {
        for (const field of ['traceId', 'spanId', 'parentSpanId']) {
          if (typeof span[field] === 'string') span[field] = Buffer.from(span[field] as string, 'hex');
        }
      }
    }
  }
  const type = otlpProtoRoot.lookupType('otlp.ExportTraceServiceRequest');
  return type.encode(type.fromObject(json)).finish();
}

export interface PostOptions {
  encoding?: 'json' | 'protobuf';
  gzip?: boolean;
  headers?: Record<string, string>;
  signal?: 'traces' | 'metrics' | 'logs';
}

/** POSTs an OTLP request body to `<url>/v1/<signal>`; returns status, headers and the raw body. */
export async function postOtlp(
  url: string,
  body: unknown,
  options: PostOptions = {},
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const encoding = options.encoding ?? 'json';
  let bytes: Uint8Array =
    body instanceof Uint8Array ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string> = {
    'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
    ...options.headers,
  };
  if (options.gzip) {
    bytes = gzipSync(bytes);
    headers['content-encoding'] = 'gzip';
  }
  const response = await fetch(`${url}/v1/${options.signal ?? 'traces'}`, {
    method: 'POST',
    headers,
    body: bytes,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** Decodes an OTLP protobuf export response or error Status. */
export function decodeProto(typeName: string, body: Uint8Array): Record<string, unknown> {
  const type = otlpProtoRoot.lookupType(typeName);
  return type.toObject(type.decode(body), { longs: Number, defaults: false });
}
