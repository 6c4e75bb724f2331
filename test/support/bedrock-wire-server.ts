/**
 * A local Bedrock Runtime for tests, speaking what the real `@aws-sdk/client-bedrock-runtime` sends
 * and expects: cleartext HTTP/2 (the client's `NodeHttp2Handler` sends every command over h2, and
 * an `http://` endpoint makes that h2c), restJson1 routes (`POST /model/{modelId}/converse`, …),
 * `x-amzn-errortype` errors, and `application/vnd.amazon.eventstream` responses framed by
 * `@smithy/eventstream-codec` (prelude, headers, CRC32s), with the random `p` padding field real
 * stream events carry.
 *
 * Point a client at it with {@link bedrockClientOptions}.
 */
import { randomBytes } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** Fake credentials: the test asserts none of them is ever exported. */
export const BEDROCK_TEST_CREDENTIALS = {
  accessKeyId: 'AKIAGENAIOTELTESTKEY1',
  secretAccessKey: 'genai-otel-test-secret-access-key-do-not-export',
  sessionToken: 'genai-otel-test-session-token-do-not-export',
};

/** One event-stream message: an event of `eventType`, or a modelled exception mid-stream. */
export type StreamMessage =
  | { event: string; payload: Record<string, unknown> }
  /** An event whose body is written as is (corrupt JSON, for malformed-input tests). */
  | { event: string; rawBody: string }
  | { exception: string; message: string };

export type BedrockReply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'bytes'; body: Uint8Array; headers?: Record<string, string> }
  | {
      kind: 'stream';
      messages: StreamMessage[];
      /** Keep the stream open after the messages (until the client cancels it). */
      hold?: boolean;
      /** Pause before each message after the first, so tests can act mid-stream. */
      delayMs?: number;
      /** Reset the HTTP/2 stream after this many messages (a connection lost mid-stream). */
      resetAfter?: number;
      /** Raw bytes written after the messages (a truncated or corrupt frame), then the stream ends. */
      trailingBytes?: Uint8Array;
    };

/** A request the server received: what went over the wire, for credential checks. */
export interface ReceivedRequest {
  route: string;
  headers: http2.IncomingHttpHeaders;
  body: string;
}

export interface BedrockWireServer {
  /** `http://127.0.0.1:{port}`: the client's `endpoint`. */
  url: string;
  port: number;
  enqueue(route: string, ...replies: BedrockReply[]): void;
  received: ReceivedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** The route of a command for `modelId`: `POST /model/{modelId}/converse`, …. */
export function bedrockRoute(
  modelId: string,
  action: 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream' | 'count-tokens',
): string {
  return `POST /model/${modelId}/${action}`;
}

/** Client options for a `BedrockRuntimeClient` pointed at `server` (fake credentials, no retries unless asked). */
export function bedrockClientOptions(server: BedrockWireServer, maxAttempts = 1): Record<string, unknown> {
  return {
    region: 'us-east-1',
    endpoint: server.url,
    credentials: BEDROCK_TEST_CREDENTIALS,
    maxAttempts,
  };
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): BedrockReply {
  return { kind: 'json', status, body, headers };
}

/** A restJson1 error as Bedrock sends it: status, `x-amzn-errortype`, `{ message }`. */
export function awsError(errorType: string, status: number, message: string): BedrockReply {
  return {
    kind: 'json',
    status,
    body: { message },
    headers: { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  };
}

/** An InvokeModel answer: the model's own JSON body, with Bedrock's token-count headers. */
export function invokeBody(body: unknown, headers: Record<string, string> = {}): BedrockReply {
  return {
    kind: 'bytes',
    body: fromUtf8(JSON.stringify(body)),
    headers: { 'content-type': 'application/json', ...headers },
  };
}

export function eventStream(
  messages: StreamMessage[],
  hold = false,
  pacing: { delayMs?: number; resetAfter?: number; trailingBytes?: Uint8Array } = {},
): BedrockReply {
  return { kind: 'stream', messages, hold, ...pacing };
}

/** One event-stream message encoded as on the wire (for tests that cut or corrupt frames). */
export function encodeStreamMessage(message: StreamMessage): Uint8Array {
  return encodeMessage(message);
}

/** An InvokeModelWithResponseStream `chunk` event carrying the model's JSON as base64 `bytes`. */
export function chunk(modelJson: unknown): StreamMessage {
  return {
    event: 'chunk',
    payload: { bytes: Buffer.from(JSON.stringify(modelJson)).toString('base64') },
  };
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function encodeMessage(message: StreamMessage): Uint8Array {
  const string = (value: string) => ({ type: 'string' as const, value });
  if ('exception' in message)
    return codec.encode({
      headers: {
        ':message-type': string('exception'),
        ':exception-type': string(message.exception),
        ':content-type': string('application/json'),
      },
      body: fromUtf8(JSON.stringify({ message: message.message })),
    });
  const padding = randomBytes(8)
    .toString('hex')
    .slice(0, 1 + (message.event.length % 12));
  return codec.encode({
    headers: {
      ':message-type': string('event'),
      ':event-type': string(message.event),
      ':content-type': string('application/json'),
    },
    body: fromUtf8(
      'rawBody' in message ? message.rawBody : JSON.stringify({ ...message.payload, p: padding }),
    ),
  });
}

/** Starts the h2c server on a free 127.0.0.1 port. */
export async function startBedrockWireServer(): Promise<BedrockWireServer> {
  const queues = new Map<string, BedrockReply[]>();
  const received: ReceivedRequest[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  const sockets = new Set<Socket>();
  const server = http2.createServer();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (data: Buffer) => chunks.push(data));
    stream.on('error', () => {});
    stream.on('end', () => {
      const path = decodeURIComponent(String(headers[':path']).split('?')[0] ?? '');
      const route = `${headers[':method']} ${path}`;
      received.push({ route, headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = queues.get(route)?.shift();
      if (reply === undefined) {
        respondJson(
          stream,
          404,
          { message: `no reply queued for ${route}` },
          {
            'x-amzn-errortype': 'ResourceNotFoundException',
          },
        );
        return;
      }
      respond(stream, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    enqueue(route, ...replies) {
      const queue = queues.get(route) ?? [];
      queue.push(...replies);
      queues.set(route, queue);
    },
    reset() {
      queues.clear();
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function requestIdHeaders(): Record<string, string> {
  return { 'x-amzn-requestid': randomBytes(16).toString('hex') };
}

function respondJson(
  stream: http2.ServerHttp2Stream,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  stream.respond({
    ':status': status,
    'content-type': 'application/json',
    ...requestIdHeaders(),
    ...headers,
  });
  stream.end(JSON.stringify(body));
}

function respond(stream: http2.ServerHttp2Stream, reply: BedrockReply): void {
  if (reply.kind === 'json') {
    respondJson(stream, reply.status, reply.body, reply.headers);
    return;
  }
  if (reply.kind === 'bytes') {
    stream.respond({ ':status': 200, ...requestIdHeaders(), ...reply.headers });
    stream.end(Buffer.from(reply.body));
    return;
  }
  stream.respond({
    ':status': 200,
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-bedrock-content-type': 'application/json',
    ...requestIdHeaders(),
  });
  let index = 0;
  const writeNext = (): void => {
    if (stream.destroyed || stream.closed) return;
    if (reply.resetAfter !== undefined && index >= reply.resetAfter) {
      stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      return;
    }
    const message = reply.messages[index++];
    if (message === undefined) {
      if (reply.trailingBytes) stream.write(Buffer.from(reply.trailingBytes));
      if (!reply.hold) stream.end();
      return;
    }
    stream.write(Buffer.from(encodeMessage(message)));
    if (reply.delayMs) setTimeout(writeNext, reply.delayMs);
    else writeNext();
  };
  writeNext();
}
