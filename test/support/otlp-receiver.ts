import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeMetricsRequest, decodeTraceRequest } from './otlp-proto-schema';

/** A span as a backend would show it, whichever OTLP encoding carried it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  status: { code: number; message: string | undefined };
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  resource: Record<string, unknown>;
  scope: string;
  /** `application/json` or `application/x-protobuf`: how this span arrived. */
  encoding: string;
}

export interface ReceivedMetricPoint {
  attributes: Record<string, unknown>;
  value?: number;
  count?: number;
  sum?: number;
}

export interface ReceivedMetric {
  name: string;
  unit: string;
  type: 'gauge' | 'sum' | 'histogram';
  points: ReceivedMetricPoint[];
  resource: Record<string, unknown>;
  scope: string;
  encoding: string;
}

export interface ReceivedRequest {
  path: string;
  contentType: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface OtlpReceiver {
  /** Base URL, as for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  spans: ReceivedSpan[];
  metrics: ReceivedMetric[];
  requests: ReceivedRequest[];
  /** Resolves once at least `count` spans arrived; rejects after the timeout with what arrived. */
  waitForSpans(count: number, timeoutMillis?: number): Promise<ReceivedSpan[]>;
  waitForMetric(name: string, timeoutMillis?: number): Promise<ReceivedMetric>;
  /** Answer every later request with this HTTP status (e.g. 500), or 200 again. */
  respondWith(status: number): void;
  close(): Promise<void>;
}

/**
 * A local OTLP/HTTP receiver for tests: accepts `/v1/traces` and `/v1/metrics` as protobuf or
 * JSON (gzip too), decodes them into one shape, and keeps the raw requests for byte-level checks.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const metrics: ReceivedMetric[] = [];
  const requests: ReceivedRequest[] = [];
  let status = 200;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const contentType = String(request.headers['content-type'] ?? '').split(';')[0] ?? '';
      const path = request.url ?? '';
      requests.push({ path, contentType, headers: request.headers, body });
      try {
        const isJson = contentType === 'application/json';
        if (path.endsWith('/v1/traces')) {
          const decoded = isJson ? JSON.parse(body.toString('utf8')) : decodeTraceRequest(body);
          spans.push(...flattenSpans(decoded, contentType, !isJson));
        } else if (path.endsWith('/v1/metrics')) {
          const decoded = isJson ? JSON.parse(body.toString('utf8')) : decodeMetricsRequest(body);
          metrics.push(...flattenMetrics(decoded, contentType));
        }
      } catch (error) {
        response.writeHead(400).end(String(error));
        return;
      }
      response.writeHead(status, { 'content-type': contentType || 'application/json' });
      response.end(contentType === 'application/json' ? '{}' : undefined);
      notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = <T>(
    check: () => T | undefined,
    timeoutMillis: number,
    describe: () => string,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const result = check();
        if (result === undefined) return false;
        listeners.delete(attempt);
        clearTimeout(timer);
        resolve(result);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(attempt);
        reject(new Error(`timed out after ${timeoutMillis} ms waiting for ${describe()}`));
      }, timeoutMillis);
      listeners.add(attempt);
      attempt();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    metrics,
    requests,
    waitForSpans: (count, timeoutMillis = 10_000) =>
      waitFor(
        () => (spans.length >= count ? spans : undefined),
        timeoutMillis,
        () => `${count} spans (got ${spans.length}: ${spans.map((span) => span.name).join(', ')})`,
      ),
    waitForMetric: (name, timeoutMillis = 10_000) =>
      waitFor(
        () => metrics.find((metric) => metric.name === name),
        timeoutMillis,
        () => `metric ${name} (got ${metrics.map((metric) => metric.name).join(', ')})`,
      ),
    respondWith(nextStatus) {
      status = nextStatus;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: decoded OTLP payloads are walked field by field
type Json = Record<string, any>;

function flattenSpans(request: Json, encoding: string, idsAreBase64: boolean): ReceivedSpan[] {
  const id = (value: unknown) => {
    if (typeof value !== 'string' || value === '') return undefined;
    return idsAreBase64 ? Buffer.from(value, 'base64').toString('hex') : value.toLowerCase();
  };
  const result: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        result.push({
          traceId: id(span.traceId) ?? '',
          spanId: id(span.spanId) ?? '',
          parentSpanId: id(span.parentSpanId),
          name: span.name,
          kind: Number(span.kind ?? 0),
          attributes: attributesOf(span.attributes),
          status: { code: Number(span.status?.code ?? 0), message: span.status?.message || undefined },
          events: (span.events ?? []).map((event: Json) => ({
            name: event.name,
            attributes: attributesOf(event.attributes),
          })),
          startTimeUnixNano: BigInt(span.startTimeUnixNano ?? 0),
          endTimeUnixNano: BigInt(span.endTimeUnixNano ?? 0),
          resource,
          scope: scopeSpans.scope?.name ?? '',
          encoding,
        });
      }
    }
  }
  return result;
}

function flattenMetrics(request: Json, encoding: string): ReceivedMetric[] {
  const result: ReceivedMetric[] = [];
  for (const resourceMetrics of request.resourceMetrics ?? []) {
    const resource = attributesOf(resourceMetrics.resource?.attributes);
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      for (const metric of scopeMetrics.metrics ?? []) {
        const type = metric.histogram ? 'histogram' : metric.sum ? 'sum' : 'gauge';
        const data = metric.histogram ?? metric.sum ?? metric.gauge ?? {};
        result.push({
          name: metric.name,
          unit: metric.unit ?? '',
          type,
          points: (data.dataPoints ?? []).map((point: Json) => ({
            attributes: attributesOf(point.attributes),
            value: point.asDouble ?? (point.asInt !== undefined ? Number(point.asInt) : undefined),
            count: point.count !== undefined ? Number(point.count) : undefined,
            sum: point.sum,
          })),
          resource,
          scope: scopeMetrics.scope?.name ?? '',
          encoding,
        });
      }
    }
  }
  return result;
}

export function attributesOf(keyValues: Json[] | undefined): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const { key, value } of keyValues ?? []) attributes[key] = anyValue(value);
  return attributes;
}

function anyValue(value: Json | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(anyValue);
  if (value.kvlistValue !== undefined) return attributesOf(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return undefined;
}
