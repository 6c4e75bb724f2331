/**
 * Case (f): export throughput. Spans shaped like a chat span go through genai-otel's own
 * pipeline (register(): trace-attributes processor, open-span tracker, batch processor, exit-safe
 * OTLP/protobuf exporter) to the test OTLP receiver on 127.0.0.1, in another process; and the
 * OTLP protobuf serialization of a 512-span batch alone.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { measureRounds } from '../support/measure.mjs';
import { BENCH_DIR, rootRequire } from '../support/paths.mjs';

const BURST = 4096;

const CHAT_SPAN_ATTRIBUTES = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'server.address': 'api.openai.com',
  'server.port': 443,
  'gen_ai.request.temperature': 0.2,
  'gen_ai.request.max_tokens': 256,
  'openai.api.type': 'chat_completions',
  'gen_ai.response.id': 'chatcmpl-Bench0000000000000000000001',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.response.finish_reasons': ['stop'],
  'gen_ai.usage.input_tokens': 31,
  'gen_ai.usage.output_tokens': 19,
  'openai.response.service_tier': 'default',
};

export async function run({ timing }) {
  const { spanCount } = timing.export;
  const receiverProcess = fork(join(BENCH_DIR, 'support', 'otlp-receiver-process.mjs'), [], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await firstLine(receiverProcess.stdout);
  try {
    const pipeline = await throughPipeline(url, spanCount, receiverProcess);
    const serialization = await serializationOnly(timing.serialize);
    return { spanCount, pipeline, serialization };
  } finally {
    receiverProcess.send('close');
    await once(receiverProcess, 'exit');
  }
}

async function throughPipeline(url, spanCount, receiverProcess) {
  const api = rootRequire('@opentelemetry/api');
  const { register } = rootRequire('genai-otel');
  // Bursts of BURST spans, each followed by forceFlush(): the queue holds a burst, and a flush
  // sends its 8 batches at once, below the OTLP exporter's limit of 30 concurrent exports (one
  // forceFlush() of more than 30 queued batches loses the excess: "Concurrent export limit
  // reached").
  const handle = register({
    serviceName: 'genai-otel-bench',
    traceExporters: ['otlp'],
    metricExporters: ['none'],
    otlp: { endpoint: url, protocol: 'http/protobuf' },
    batch: { maxQueueSize: BURST, maxExportBatchSize: 512, scheduledDelayMillis: 10 },
    flushOnExit: false,
    logLevel: 'error',
  });
  const tracer = api.trace.getTracer('bench-export');
  let producingMs = 0;
  const started = performance.now();
  for (let sent = 0; sent < spanCount; ) {
    const burstStarted = performance.now();
    const burst = Math.min(BURST, spanCount - sent);
    for (let i = 0; i < burst; i++, sent++) {
      tracer
        .startSpan('chat gpt-4o-mini', { kind: api.SpanKind.CLIENT, attributes: CHAT_SPAN_ATTRIBUTES })
        .end();
    }
    producingMs += performance.now() - burstStarted;
    await handle.forceFlush();
  }
  const flushed = performance.now();
  const received = await askCount(receiverProcess);
  await handle.shutdown();
  if (received.spans !== spanCount)
    throw new Error(`the receiver got ${received.spans} of ${spanCount} spans`);
  const seconds = (flushed - started) / 1000;
  return {
    spansReceived: received.spans,
    exportRequests: received.requests,
    producingMs,
    producingSpansPerSecond: Math.round(spanCount / (producingMs / 1000)),
    totalMs: flushed - started,
    spansPerSecond: Math.round(spanCount / seconds),
  };
}

async function serializationOnly(timing) {
  const { ProtobufTraceSerializer } = rootRequire('@opentelemetry/otlp-transformer');
  const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } =
    rootRequire('@opentelemetry/sdk-trace');
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('bench-serialize');
  for (let i = 0; i < 512; i++)
    tracer.startSpan('chat gpt-4o-mini', { kind: 2, attributes: CHAT_SPAN_ATTRIBUTES }).end();
  const batch = exporter.getFinishedSpans();
  let bytes = 0;
  const results = await measureRounds(
    [
      {
        id: 'serialize-512',
        fn: () => {
          bytes = ProtobufTraceSerializer.serializeRequest(batch).length;
        },
      },
    ],
    timing,
  );
  const entry = results.get('serialize-512');
  return {
    batchSize: batch.length,
    bytesPerBatch: bytes,
    msPerBatch: { median: entry.median, min: entry.min, max: entry.max },
    spansPerSecond: Math.round((batch.length / entry.median) * 1000),
  };
}

function firstLine(stream) {
  return new Promise((resolve, reject) => {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(buffered.slice(0, newline).trim());
    });
    stream.on('end', () => reject(new Error('the receiver process printed no URL')));
  });
}

function askCount(child) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send('count');
  });
}
