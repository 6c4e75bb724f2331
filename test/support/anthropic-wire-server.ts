/**
 * A local HTTP/1.1 server that answers like the Anthropic Messages API and its cloud routes:
 * `POST /v1/messages` (JSON, or SSE when the body asks for `stream`) and `/v1/messages/count_tokens`, Amazon Bedrock's
 * `/model/{model}/invoke` and `/invoke-with-response-stream` (the same events in AWS event-stream
 * framing, encoded with `@smithy/eventstream-codec`), and Vertex AI's `…:rawPredict` /
 * `:streamRawPredict`. Tests queue replies in order, whichever route asks; the route decides the
 * framing, so one scenario runs through `Anthropic`, `AnthropicBedrock` and `AnthropicVertex`.
 * Every request is recorded (path, headers, body) for assertions.
 *
 * Builders below (`anthropicMessage`, `messageEvents`, `apiError`) produce payloads shaped like
 * recorded API answers: ids, usage with cache fields, stop reasons, `request-id` headers.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { listenLocally } from './local-http-server';
import { type StreamPacing, writePaced } from './paced-writes';

/** One stream event as the API sends it (`{ type: 'message_start', … }`). */
export type StreamEvent = Record<string, unknown> & { type: string };

export type AnthropicReply =
  | { kind: 'message'; body: unknown; headers?: Record<string, string> }
  | ({ kind: 'events'; events: StreamEvent[] } & StreamPacing)
  | { kind: 'error'; status: number; errorType: string; message: string; headers?: Record<string, string> }
  /** Accept the request and never answer (timeouts). */
  | { kind: 'hang' }
  /** Destroy the socket without answering (connection reset). */
  | { kind: 'destroy' };

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
  /** The bytes as received, for checks that nothing secret was echoed elsewhere. */
  rawBody: string;
}

export interface AnthropicWireServer {
  /** `http://127.0.0.1:<port>`: the `baseURL` of `Anthropic` and `AnthropicBedrock` clients. */
  url: string;
  /** `…/v1`: the `baseURL` of `AnthropicVertex` clients (`ANTHROPIC_VERTEX_BASE_URL`). */
  vertexBaseURL: string;
  port: number;
  requests: ReceivedRequest[];
  /** Queues replies, used in order by whichever model route is called next. */
  enqueue(...replies: AnthropicReply[]): void;
  /** Drops queued replies and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startAnthropicWireServer(): Promise<AnthropicWireServer> {
  const queue: AnthropicReply[] = [];
  const requests: ReceivedRequest[] = [];
  const local = await listenLocally((req, res, rawBody) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = parseJson(rawBody);
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body, rawBody });
    const route = routeOf(path);
    const reply = queue.shift();
    if (route === undefined || reply === undefined) {
      const message = `anthropic-wire-server: nothing for ${req.method} ${path}`;
      writeError(res, route ?? 'anthropic', {
        kind: 'error',
        status: 404,
        errorType: 'not_found_error',
        message,
      });
      return;
    }
    answer(req, res, route, reply);
  });
  const { url, port } = local;
  return {
    url,
    vertexBaseURL: `${url}/v1`,
    port,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    close: local.close,
  };
}

type Route = 'anthropic' | 'bedrock' | 'vertex';

function routeOf(path: string): Route | undefined {
  if (path === '/v1/messages' || path === '/v1/messages/count_tokens') return 'anthropic';
  if (/^\/model\/[^/]+\/invoke(-with-response-stream)?$/.test(path)) return 'bedrock';
  if (/\/publishers\/anthropic\/models\/[^/]+:(stream)?[rR]awPredict$/.test(path)) return 'vertex';
  return undefined;
}

function answer(req: IncomingMessage, res: ServerResponse, route: Route, reply: AnthropicReply): void {
  switch (reply.kind) {
    case 'message':
      writeJson(res, 200, reply.body, reply.headers);
      return;
    case 'events':
      writeEvents(req, res, route, reply);
      return;
    case 'error':
      writeError(res, route, reply);
      return;
    case 'hang':
      return;
    case 'destroy':
      req.socket.destroy();
      return;
  }
}

/** Headers the API sends on every answer. */
function apiHeaders(): Record<string, string> {
  return {
    'request-id': anthropicId('req_011C'),
    'anthropic-organization-id': 'a1b2c3d4-0000-4000-8000-000000000001',
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': '3999',
    via: '1.1 google',
  };
}

function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...apiHeaders(),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Bedrock answers errors in AWS style (`x-amzn-errortype`); the others in Anthropic's envelope. */
function writeError(res: ServerResponse, route: Route, reply: Extract<AnthropicReply, { kind: 'error' }>) {
  if (route === 'bedrock') {
    const awsType = AWS_ERROR_TYPES[reply.status] ?? 'InternalServerException';
    writeJson(
      res,
      reply.status,
      { message: reply.message },
      { 'x-amzn-errortype': awsType, ...reply.headers },
    );
    return;
  }
  const requestId = anthropicId('req_011C');
  const body = {
    type: 'error',
    error: { type: reply.errorType, message: reply.message },
    request_id: requestId,
  };
  writeJson(res, reply.status, body, { 'request-id': requestId, ...reply.headers });
}

const AWS_ERROR_TYPES: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  429: 'ThrottlingException',
  529: 'ServiceUnavailableException',
};

const eventStreamCodec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

/** One Bedrock `chunk` frame: the event's JSON, base64 in `bytes`, with AWS's random padding `p`. */
function bedrockChunkFrame(event: StreamEvent): Uint8Array {
  const payload = { bytes: Buffer.from(JSON.stringify(event)).toString('base64'), p: 'abcdefghijklmnopq' };
  return eventStreamCodec.encode({
    headers: {
      ':event-type': { type: 'string', value: 'chunk' },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: new Uint8Array(Buffer.from(JSON.stringify(payload))),
  });
}

function writeEvents(
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  reply: Extract<AnthropicReply, { kind: 'events' }>,
): void {
  const contentType =
    route === 'bedrock' ? 'application/vnd.amazon.eventstream' : 'text/event-stream; charset=utf-8';
  res.writeHead(200, { ...apiHeaders(), 'content-type': contentType, 'cache-control': 'no-cache' });
  const frames = reply.events.map((event) =>
    route === 'bedrock'
      ? bedrockChunkFrame(event)
      : `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`,
  );
  writePaced(req, res, frames, reply);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Payload builders, shaped like recorded Messages API answers.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `msg_01…`, `toolu_01…`, `req_011C…`-style ids. */
export function anthropicId(prefix: string): string {
  return prefix + Array.from(randomBytes(22), (byte) => BASE62[byte % 62]).join('');
}

export const DEFAULT_MODEL = 'claude-sonnet-4-6';

export interface UsageSpec {
  /** Uncached input tokens, as the API counts them. */
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** The split of `cacheWrite` by time to live. */
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  thinking?: number;
  serviceTier?: string;
}

export type ContentBlock = Record<string, unknown> & { type: string };

export interface MessageSpec {
  id?: string;
  model?: string;
  content?: ContentBlock[];
  stopReason?: string | null;
  stopSequence?: string | null;
  usage?: UsageSpec;
}

export function usageOf(usage: UsageSpec): Record<string, unknown> {
  return {
    input_tokens: usage.input,
    cache_creation_input_tokens: usage.cacheWrite ?? 0,
    cache_read_input_tokens: usage.cacheRead ?? 0,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cacheWrite5m ?? usage.cacheWrite ?? 0,
      ephemeral_1h_input_tokens: usage.cacheWrite1h ?? 0,
    },
    output_tokens: usage.output,
    ...(usage.thinking !== undefined ? { output_tokens_details: { thinking_tokens: usage.thinking } } : {}),
    service_tier: usage.serviceTier ?? 'standard',
  };
}

const DEFAULT_CONTENT: ContentBlock[] = [
  { type: 'text', text: 'Bouvet Island lies in the South Atlantic Ocean.' },
];

/** A Message as `POST /v1/messages` returns it. */
export function anthropicMessage(spec: MessageSpec = {}): Record<string, unknown> {
  return {
    id: spec.id ?? anthropicId('msg_01'),
    type: 'message',
    role: 'assistant',
    model: spec.model ?? DEFAULT_MODEL,
    content: spec.content ?? DEFAULT_CONTENT,
    stop_reason: spec.stopReason === undefined ? 'end_turn' : spec.stopReason,
    stop_sequence: spec.stopSequence ?? null,
    usage: usageOf(spec.usage ?? { input: 21, output: 12 }),
  };
}

/** A tool_use block with a fresh `toolu_…` id. */
export function toolUse(name: string, input: Record<string, unknown>): ContentBlock {
  return { type: 'tool_use', id: anthropicId('toolu_01'), name, input };
}

/**
 * The events the API streams for the Message `spec` describes: `message_start` (usage with the
 * input counts and a placeholder output count), each block as `content_block_start`, deltas in
 * small pieces (`text_delta`, `input_json_delta`, `thinking_delta` then `signature_delta`) and
 * `content_block_stop`, then `message_delta` (stop reason, cumulative usage) and `message_stop`.
 * A `ping` follows `message_start`, as the API sends one.
 */
export function messageEvents(spec: MessageSpec = {}): StreamEvent[] {
  const message = anthropicMessage(spec);
  const usage = message.usage as Record<string, unknown>;
  const events: StreamEvent[] = [
    {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    },
    { type: 'ping' },
  ];
  (message.content as ContentBlock[]).forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: emptyBlock(block) });
    for (const delta of deltasOf(block)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  const { service_tier: _tier, ...totals } = usage;
  events.push(
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
      usage: totals,
    },
    { type: 'message_stop' },
  );
  return events;
}

function emptyBlock(block: ContentBlock): ContentBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'tool_use':
      return { ...block, input: {} };
    default:
      return block;
  }
}

function deltasOf(block: ContentBlock): Record<string, unknown>[] {
  switch (block.type) {
    case 'text':
      return pieces(String(block.text)).map((text) => ({ type: 'text_delta', text }));
    case 'thinking':
      return [
        ...pieces(String(block.thinking)).map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature: String(block.signature ?? 'EqQBCkYIBxgCKkB0c2lnbmF0dXJl') },
      ];
    case 'tool_use':
      return pieces(JSON.stringify(block.input)).map((partial_json) => ({
        type: 'input_json_delta',
        partial_json,
      }));
    default:
      return [];
  }
}

/** Splits text into pieces of about 8 characters, as the API streams tokens. */
function pieces(text: string): string[] {
  const result: string[] = [];
  for (let start = 0; start < text.length; start += 8) result.push(text.slice(start, start + 8));
  return result;
}

/** The `error` event the API sends mid-stream, e.g. when it is overloaded. */
export function errorEvent(errorType = 'overloaded_error', message = 'Overloaded'): StreamEvent {
  return { type: 'error', error: { type: errorType, message } };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** An HTTP error answer in the API's envelope; 429 and 529 carry `retry-after`. */
export function apiError(
  status: number,
  message = 'An error occurred',
  headers: Record<string, string> = {},
): Extract<AnthropicReply, { kind: 'error' }> {
  const retry: Record<string, string> =
    status === 429 || status === 529 ? { 'retry-after': '0', 'retry-after-ms': '5' } : {};
  return {
    kind: 'error',
    status,
    errorType: ERROR_TYPES[status] ?? 'api_error',
    message,
    headers: { ...retry, ...headers },
  };
}
