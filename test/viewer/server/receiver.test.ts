import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveOtlp } from '../../../src/viewer/otlp/otlp-http-receiver';
import { spansFromTraceRequest } from '../../../src/viewer/otlp/otlp-trace-request';
import type { StoreWriter } from '../../../src/viewer/store/store-writer';
import { startTestViewer, type TestViewer } from './support/in-process-viewer';
import {
  decodeProto,
  hexId,
  otlpJsonTraces,
  otlpProtoTraces,
  postOtlp,
  type TestSpan,
} from './support/otlp-payloads';

let viewer: TestViewer | undefined;
afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
});

function chatSpan(overrides: Partial<TestSpan> = {}): TestSpan {
  return {
    traceId: hexId(16),
    spanId: hexId(8),
    name: 'chat gpt-4o-mini',
    kind: 3,
    startMs: Date.now() - 1_000,
    durationMs: 420.5,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 21,
      'gen_ai.usage.output_tokens': 7,
    },
    ...overrides,
  };
}

async function storedSpan(traceId: string) {
  const { status, body } = await (viewer as TestViewer).getJson(`/api/traces/${traceId}`);
  expect(status).toBe(200);
  return body.spans[0];
}

describe('OTLP/HTTP receiver', () => {
  it('stores an OTLP/JSON trace request and answers JSON', async () => {
    viewer = await startTestViewer();
    const span = chatSpan();
    const answer = await postOtlp(viewer.url, otlpJsonTraces([span]));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(answer.body.toString())).toEqual({});
    const stored = await storedSpan(span.traceId);
    expect(stored).toMatchObject({
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: null,
      name: 'chat gpt-4o-mini',
      kind: 'client',
      serviceName: 'viewer-test',
      scopeName: 'viewer-test',
      scopeVersion: '1.0.0',
      attributes: { 'gen_ai.usage.input_tokens': 21, 'gen_ai.provider.name': 'openai' },
      status: { code: 'unset' },
    });
    expect(stored.durationMs).toBeCloseTo(420.5, 3);
  });

  it('stores an OTLP protobuf request, gzipped, and answers protobuf', async () => {
    viewer = await startTestViewer();
    const parent = chatSpan({
      name: 'invoke_agent planner',
      attributes: { 'gen_ai.operation.name': 'invoke_agent' },
    });
    const child = chatSpan({
      traceId: parent.traceId,
      parentSpanId: parent.spanId,
      status: { code: 2, message: 'rate limited' },
    });
    const answer = await postOtlp(viewer.url, otlpProtoTraces([parent, child]), {
      encoding: 'protobuf',
      gzip: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-protobuf');
    expect(decodeProto('otlp.ExportTraceServiceResponse', answer.body)).toEqual({});
    const { body } = await viewer.getJson(`/api/traces/${parent.traceId}`);
    expect(body.spans.map((span: { name: string }) => span.name)).toEqual([
      'invoke_agent planner',
      'chat gpt-4o-mini',
    ]);
    expect(body.spans[1]).toMatchObject({
      parentSpanId: parent.spanId,
      status: { code: 'error', message: 'rate limited' },
    });
    expect(body.summary).toMatchObject({
      rootName: 'invoke_agent planner',
      status: 'error',
      spanCount: 2,
      errorCount: 1,
    });
  });

  it('answers 400 with the reason for malformed JSON, protobuf and gzip, and keeps serving', async () => {
    viewer = await startTestViewer();
    const badJson = await postOtlp(viewer.url, '{"resourceSpans": [');
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body.toString()).message).toMatch(/not a valid OTLP\/JSON export request/);

    const wrongShape = await postOtlp(viewer.url, { resourceSpans: 'nope' });
    expect(wrongShape.status).toBe(400);
    expect(JSON.parse(wrongShape.body.toString()).message).toMatch(/resourceSpans must be an array/);

    const badProto = await postOtlp(viewer.url, Buffer.from([0x0a, 0xff, 0xff, 0xff]), {
      encoding: 'protobuf',
    });
    expect(badProto.status).toBe(400);
    expect(decodeProto('otlp.RpcStatus', badProto.body)).toMatchObject({
      code: 3,
      message: expect.stringMatching(/OTLP protobuf/),
    });

    const badGzip = await fetch(`${viewer.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'not gzip',
    });
    expect(badGzip.status).toBe(400);
    expect(await badGzip.text()).toMatch(/not valid gzip/);

    const unsupported = await fetch(`${viewer.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(unsupported.status).toBe(415);

    const span = chatSpan();
    expect((await postOtlp(viewer.url, otlpJsonTraces([span]))).status).toBe(200);
    expect((await viewer.getJson(`/api/traces/${span.traceId}`)).status).toBe(200);
  });

  it('answers 413 for a body over the limit, declared or streamed, compressed or not', async () => {
    viewer = await startTestViewer({ maxBodyBytes: 64 * 1024 });
    const large = otlpJsonTraces(
      Array.from({ length: 200 }, () =>
        chatSpan({ attributes: { 'gen_ai.input.messages': 'x'.repeat(1_000) } }),
      ),
    );
    const declared = await postOtlp(viewer.url, large);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body.toString()).message).toMatch(/larger than the limit of 65536 bytes/);

    // Small on the wire, too large once inflated: the limit applies to both.
    const bomb = await postOtlp(viewer.url, large, { gzip: true });
    expect(bomb.status).toBe(413);

    const streamed = await fetch(`${viewer.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let chunk = 0; chunk < 10; chunk++) controller.enqueue(new Uint8Array(16 * 1024).fill(32));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const span = chatSpan();
    expect((await postOtlp(viewer.url, otlpJsonTraces([span]))).status).toBe(200);
  });

  it('keeps the valid spans of a request and reports the others as an OTLP partial success', async () => {
    viewer = await startTestViewer();
    const good = chatSpan();
    const request = otlpJsonTraces([good, chatSpan({ traceId: 'not-hex', name: 'broken' })]);
    const json = await postOtlp(viewer.url, request);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body.toString())).toEqual({
      partialSuccess: {
        rejectedSpans: 1,
        errorMessage: expect.stringMatching(/spans\[1\] has no valid traceId/),
      },
    });
    expect((await viewer.getJson(`/api/traces/${good.traceId}`)).status).toBe(200);

    const proto = await postOtlp(viewer.url, otlpProtoTraces([chatSpan(), chatSpan({ spanId: '00' })]), {
      encoding: 'protobuf',
    });
    expect(decodeProto('otlp.ExportTraceServiceResponse', proto.body)).toMatchObject({
      partialSuccess: { rejectedSpans: 1 },
    });
  });

  it('accepts GenAI metrics and logs', async () => {
    viewer = await startTestViewer();
    const metrics = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'gen_ai.client.token.usage',
                  unit: '{token}',
                  histogram: {
                    dataPoints: [
                      { timeUnixNano: '1765000000000000000', count: '2', sum: 40, attributes: [] },
                    ],
                  },
                },
                { name: 'http.server.duration', gauge: { dataPoints: [{ asDouble: 1 }] } },
              ],
            },
          ],
        },
      ],
    };
    expect((await postOtlp(viewer.url, metrics, { signal: 'metrics' })).status).toBe(200);
    const rows = viewer.store.db.prepare('SELECT name FROM metric_points').all();
    expect(rows.map((row) => row.name)).toEqual(['gen_ai.client.token.usage']);

    const logs = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hello' } }] }] }] };
    expect((await postOtlp(viewer.url, logs, { signal: 'logs' })).status).toBe(200);
    expect((await postOtlp(viewer.url, { resourceLogs: {} }, { signal: 'logs' })).status).toBe(400);
  });

  it('answers 405 to a GET on an OTLP path', async () => {
    viewer = await startTestViewer();
    const response = await fetch(`${viewer.url}/v1/traces`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('OTLP/HTTP receiver under back-pressure', () => {
  it('answers 429 with Retry-After, in the request encoding, while the write queue is full', async () => {
    // A writer whose queue is full: the receiver must refuse before decoding into the store.
    const fullWriter = {
      accepts: () => false,
      pendingSpans: 50_000,
      write: () => Promise.reject(new Error('unreachable')),
    };
    const server = createServer((request, response) => {
      void receiveOtlp('traces', request, response, {
        writer: fullWriter as unknown as StoreWriter,
        maxBodyBytes: 1 << 20,
        retryAfterSeconds: 2,
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const json = await postOtlp(url, otlpJsonTraces([chatSpan()]));
      expect(json.status).toBe(429);
      expect(json.headers.get('retry-after')).toBe('2');
      expect(JSON.parse(json.body.toString())).toEqual({
        code: 8,
        message: expect.stringMatching(/write queue is full \(50000 spans waiting\)/),
      });
      const proto = await postOtlp(url, gzipSync(otlpProtoTraces([chatSpan()])), {
        encoding: 'protobuf',
        headers: { 'content-encoding': 'gzip' },
      });
      expect(proto.status).toBe(429);
      expect(decodeProto('otlp.RpcStatus', proto.body)).toMatchObject({ code: 8 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses new spans once the real writer holds its bound, and takes them again after the commit', async () => {
    viewer = await startTestViewer({ writer: { maxQueuedSpans: 3 } });
    const writer = viewer.server.writer;
    // Queued in this turn of the event loop; the transaction runs on the next one.
    const pending = writer.write([]);
    expect(writer.accepts(1)).toBe(true);
    const traceId = hexId(16);
    const queued = [1, 2, 3].map(() => chatSpan({ traceId }));
    const decoded = spansFromTraceRequest(otlpJsonTraces(queued));
    const write = writer.write(decoded.spans);
    expect(writer.pendingSpans).toBe(3);
    expect(writer.accepts(1)).toBe(false);
    await Promise.all([pending, write]);
    expect(writer.accepts(1)).toBe(true);
    expect((await viewer.getJson(`/api/traces/${traceId}`)).body.summary.spanCount).toBe(3);
  });
});
