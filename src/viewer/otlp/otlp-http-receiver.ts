import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip, inflate } from 'node:zlib';
import type { StoreWriter } from '../store/store-writer';
import { OtlpFormatError } from './otlp-format-error';
import { countLogRecords, metricPointsFromRequest } from './otlp-metrics-request';
import {
  decodeOtlpProtoRequest,
  encodeOtlpProtoResponse,
  encodeOtlpProtoStatus,
  type OtlpSignal,
} from './otlp-proto-schema';
import { spansFromTraceRequest } from './otlp-trace-request';

export interface OtlpReceiverOptions {
  writer: StoreWriter;
  /** Largest request body, compressed or not, in bytes; larger ones get 413. */
  maxBodyBytes: number;
  /** Seconds a client is told to wait (Retry-After) when the write queue is full. */
  retryAfterSeconds?: number;
  /** Told about requests the receiver refused, for the console. */
  onRejected?: (status: number, reason: string) => void;
}

const JSON_TYPE = 'application/json';
const PROTOBUF_TYPE = 'application/x-protobuf';
// google.rpc.Code values for the Status body of an error response.
const RPC_INVALID_ARGUMENT = 3;
const RPC_RESOURCE_EXHAUSTED = 8;
const RPC_INTERNAL = 13;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Answers one OTLP/HTTP export request (`POST /v1/traces`, `/v1/metrics`, `/v1/logs`), JSON or
 * protobuf, gzip/deflate or not, in the encoding it came in. Spans are acknowledged only after
 * they are committed to the store; bad input gets 400 with the reason, an oversized body 413,
 * a full write queue 429 with Retry-After, and spans without valid ids an OTLP partial success.
 */
export async function receiveOtlp(
  signal: OtlpSignal,
  request: IncomingMessage,
  response: ServerResponse,
  options: OtlpReceiverOptions,
): Promise<void> {
  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  const isJson = contentType === JSON_TYPE;
  const answerError = (
    status: number,
    rpcCode: number,
    reason: string,
    headers: Record<string, string> = {},
  ) => {
    options.onRejected?.(status, reason);
    if (response.headersSent) return;
    if (isJson) {
      response.writeHead(status, { 'content-type': JSON_TYPE, ...headers });
      response.end(JSON.stringify({ code: rpcCode, message: reason }));
    } else {
      response.writeHead(status, { 'content-type': PROTOBUF_TYPE, ...headers });
      response.end(encodeOtlpProtoStatus(rpcCode, reason));
    }
  };
  try {
    if (!isJson && contentType !== PROTOBUF_TYPE) {
      throw new HttpError(
        415,
        `unsupported Content-Type "${contentType ?? ''}": send ${PROTOBUF_TYPE} or ${JSON_TYPE}`,
      );
    }
    const body = await readBody(request, options.maxBodyBytes);
    let decoded: unknown;
    try {
      decoded = isJson ? JSON.parse(body.toString('utf8')) : decodeOtlpProtoRequest(signal, body);
    } catch (error) {
      throw new OtlpFormatError(
        `the body is not a valid ${isJson ? 'OTLP/JSON' : 'OTLP protobuf'} export request: ${(error as Error).message}`,
      );
    }
    let partialSuccess: Record<string, unknown> | undefined;
    if (signal === 'traces') {
      const { spans, rejected, rejectReason } = spansFromTraceRequest(decoded);
      if (!options.writer.accepts(spans.length)) throw queueFull(options);
      if (spans.length > 0) await options.writer.write(spans);
      if (rejected > 0) partialSuccess = { rejectedSpans: rejected, errorMessage: rejectReason ?? '' };
    } else if (signal === 'metrics') {
      const { points } = metricPointsFromRequest(decoded);
      if (!options.writer.accepts(0)) throw queueFull(options);
      if (points.length > 0) await options.writer.write([], points);
    } else {
      countLogRecords(decoded);
    }
    const answer = partialSuccess === undefined ? {} : { partialSuccess };
    if (isJson) {
      response.writeHead(200, { 'content-type': JSON_TYPE });
      response.end(JSON.stringify(answer));
    } else {
      response.writeHead(200, { 'content-type': PROTOBUF_TYPE });
      response.end(encodeOtlpProtoResponse(signal, answer));
    }
  } catch (error) {
    if (error instanceof OtlpFormatError) answerError(400, RPC_INVALID_ARGUMENT, error.message);
    else if (error instanceof HttpError && error.status === 429) {
      answerError(429, RPC_RESOURCE_EXHAUSTED, error.message, {
        'retry-after': String(options.retryAfterSeconds ?? 1),
      });
    } else if (error instanceof HttpError) answerError(error.status, RPC_INVALID_ARGUMENT, error.message);
    else answerError(500, RPC_INTERNAL, `the viewer could not store the data: ${(error as Error).message}`);
  }
}

function queueFull(options: OtlpReceiverOptions): HttpError {
  return new HttpError(
    429,
    `the viewer's write queue is full (${options.writer.pendingSpans} spans waiting); retry later`,
  );
}

/** Bytes of an oversized body read and thrown away so the client sees the 413; beyond, the connection is cut. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

/** Reads the whole body, refusing (413) one larger than the limit before or after decompression. */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `the request body is larger than the limit of ${maxBytes} bytes`);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      reject(tooLarge());
    };
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) refuse();
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // Keep reading (and dropping) an oversized body: a client still sending cannot read our answer.
      if (refused) {
        if (received > maxBytes + MAX_DISCARDED_BYTES) request.destroy();
        return;
      }
      if (received > maxBytes) return refuse();
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      if (!refused) reject(error);
    });
  });
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new HttpError(415, `unsupported Content-Encoding "${encoding}": send gzip or no encoding`);
  }
  const decompress = encoding === 'gzip' ? gunzip : inflate;
  return new Promise((resolve, reject) => {
    decompress(raw, { maxOutputLength: maxBytes }, (error, result) => {
      if (error === null) resolve(result);
      else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') reject(tooLarge());
      else reject(new OtlpFormatError(`the body is not valid ${encoding}: ${error.message}`));
    });
  });
}
