/**
 * A local HTTP server that answers like api.openai.com: JSON bodies and server-sent events in the
 * real wire format, with the headers the SDK reads (`x-request-id`, `openai-processing-ms`,
 * rate-limit and retry headers). Tests queue replies per route, then point the real `openai`
 * package at `server.baseURL`. Also used by out-of-process fixtures and the demo.
 *
 * Builders below (`chatCompletion`, `chatCompletionChunks`, `response`, `responseEvents`,
 * `embeddingList`, `textCompletion`, `apiError`) produce payloads shaped like recorded ones.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocally } from './local-http-server';
import { writePaced } from './paced-writes';

/** One queued answer. */
export type WireReply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  | {
      kind: 'sse';
      /** Events in order; `data: '[DONE]'` is written verbatim. */
      events: SseEvent[];
      headers?: Record<string, string>;
      /** Pause before each event after the first, so tests can act mid-stream. */
      delayMs?: number;
      /** Destroy the socket after this many events (a connection lost mid-stream). */
      destroyAfter?: number;
      /** Stop writing after this many events and keep the connection open (a stalled stream). */
      stallAfter?: number;
    }
  /** Accept the request and never answer (timeouts). */
  | { kind: 'hang' }
  /** Destroy the socket without answering (connection reset). */
  | { kind: 'destroy' };

export interface SseEvent {
  event?: string;
  data: unknown;
}

/** What the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type WireHandler = (request: RecordedRequest) => WireReply | undefined;

export interface OpenAIWireServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `http://127.0.0.1:<port>/v1`, what `new OpenAI({ baseURL })` wants. */
  baseURL: string;
  port: number;
  requests: RecordedRequest[];
  /** Queues replies for `METHOD /path` (e.g. `POST /v1/chat/completions`), used in order. */
  enqueue(route: string, ...replies: WireReply[]): void;
  /** A fallback for requests with nothing queued (the demo's scripted model uses this). */
  setHandler(handler: WireHandler | undefined): void;
  /** Drops queued replies and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startOpenAIWireServer(): Promise<OpenAIWireServer> {
  const queues = new Map<string, WireReply[]>();
  const requests: RecordedRequest[] = [];
  let handler: WireHandler | undefined;

  const local = await listenLocally((req, res, raw) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let body: unknown = raw;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      // Multipart uploads and the like stay raw.
    }
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body };
    requests.push(recorded);
    const reply = queues.get(`${recorded.method} ${path}`)?.shift() ?? handler?.(recorded);
    if (reply === undefined) {
      writeJson(
        res,
        500,
        apiError(500, `openai-wire-server: no reply queued for ${recorded.method} ${path}`),
      );
      return;
    }
    answer(req, res, reply);
  });
  const { url, port } = local;
  return {
    url,
    baseURL: `${url}/v1`,
    port,
    requests,
    enqueue(route, ...replies) {
      const queue = queues.get(route) ?? [];
      queue.push(...replies);
      queues.set(route, queue);
    },
    setHandler(next) {
      handler = next;
    },
    reset() {
      queues.clear();
      requests.length = 0;
    },
    close: local.close,
  };
}

function answer(req: IncomingMessage, res: ServerResponse, reply: WireReply): void {
  switch (reply.kind) {
    case 'json': {
      const status = reply.status ?? 200;
      const write = () => writeJson(res, status, reply.body, reply.headers);
      if (reply.delayMs) setTimeout(write, reply.delayMs);
      else write();
      return;
    }
    case 'sse':
      writeSse(req, res, reply);
      return;
    case 'hang':
      return;
    case 'destroy':
      req.socket.destroy();
      return;
  }
}

/** Headers api.openai.com sends on every answer. */
export function openAIHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'x-request-id': `req_${randomBytes(16).toString('hex')}`,
    'openai-processing-ms': '412',
    'openai-version': '2020-10-01',
    'openai-organization': 'user-genai-otel-tests',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-remaining-requests': '9999',
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-limit-tokens': '30000000',
    'x-ratelimit-remaining-tokens': '29999970',
    'x-ratelimit-reset-tokens': '0s',
    ...extra,
  };
}

function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...openAIHeaders(),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function writeSse(
  req: IncomingMessage,
  res: ServerResponse,
  reply: Extract<WireReply, { kind: 'sse' }>,
): void {
  res.writeHead(200, {
    ...openAIHeaders(),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...reply.headers,
  });
  const frames = reply.events.map((event) => {
    const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
    return `${event.event ? `event: ${event.event}\n` : ''}data: ${data}\n\n`;
  });
  writePaced(req, res, frames, reply);
}

// ---------------------------------------------------------------------------------------------
// Payload builders, shaped like recorded api.openai.com answers.

const CREATED = 1_763_712_000;

/** `chatcmpl-…`-style id. */
export function openAIId(prefix: string): string {
  return `${prefix}${randomBytes(15).toString('base64url').slice(0, 29)}`;
}

export interface ChatChoiceSpec {
  content?: string | null;
  toolCalls?: Array<{ id?: string; name: string; arguments: string }>;
  finishReason?: string;
  refusal?: string | null;
}

export interface ChatUsageSpec {
  prompt: number;
  completion: number;
  cached?: number;
  reasoning?: number;
}

export interface ChatCompletionSpec {
  id?: string;
  model?: string;
  choices?: ChatChoiceSpec[];
  usage?: ChatUsageSpec;
  serviceTier?: string;
  systemFingerprint?: string | null;
}

export function chatUsage(usage: ChatUsageSpec): Record<string, unknown> {
  return {
    prompt_tokens: usage.prompt,
    completion_tokens: usage.completion,
    total_tokens: usage.prompt + usage.completion,
    prompt_tokens_details: { cached_tokens: usage.cached ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoning ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** A `chat.completion` object. */
export function chatCompletion(spec: ChatCompletionSpec = {}): Record<string, unknown> {
  const choices = spec.choices ?? [{ content: 'Atlantic Ocean.' }];
  return {
    id: spec.id ?? openAIId('chatcmpl-'),
    object: 'chat.completion',
    created: CREATED,
    model: spec.model ?? 'gpt-4o-mini-2024-07-18',
    choices: choices.map((choice, index) => ({
      index,
      message: {
        role: 'assistant',
        content: choice.toolCalls && choice.content === undefined ? null : (choice.content ?? null),
        refusal: choice.refusal ?? null,
        annotations: [],
        ...(choice.toolCalls
          ? {
              tool_calls: choice.toolCalls.map((call) => ({
                id: call.id ?? openAIId('call_'),
                type: 'function',
                function: { name: call.name, arguments: call.arguments },
              })),
            }
          : {}),
      },
      logprobs: null,
      finish_reason: choice.finishReason ?? (choice.toolCalls ? 'tool_calls' : 'stop'),
    })),
    usage: chatUsage(spec.usage ?? { prompt: 22, completion: 4 }),
    service_tier: spec.serviceTier ?? 'default',
    system_fingerprint: spec.systemFingerprint === undefined ? 'fp_560af6e559' : spec.systemFingerprint,
  };
}

export interface ChatStreamSpec extends ChatCompletionSpec {
  /** Text pieces per choice (choice 0 by default). */
  pieces?: string[][];
  /** Append the `include_usage` chunk. */
  includeUsage?: boolean;
  /** Leave out the finish_reason chunks (a server that stops early). */
  omitFinish?: boolean;
  /** End with `data: [DONE]` (true by default). */
  done?: boolean;
}

/** SSE events of a streamed chat completion, as api.openai.com sends them. */
export function chatCompletionChunks(spec: ChatStreamSpec = {}): SseEvent[] {
  const id = spec.id ?? openAIId('chatcmpl-');
  const model = spec.model ?? 'gpt-4o-mini-2024-07-18';
  const base = {
    id,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    service_tier: spec.serviceTier ?? 'default',
    system_fingerprint: spec.systemFingerprint === undefined ? 'fp_560af6e559' : spec.systemFingerprint,
  };
  const usageField = spec.includeUsage ? { usage: null } : {};
  const chunk = (choices: unknown[]) => ({ data: { ...base, choices, ...usageField } });
  const events: SseEvent[] = [];
  const choiceSpecs = spec.choices ?? [{}];
  const pieces = spec.pieces ?? [['Atlantic', ' Ocean', '.']];
  choiceSpecs.forEach((choice, index) => {
    events.push(
      chunk([
        {
          index,
          delta: { role: 'assistant', content: '', refusal: null },
          logprobs: null,
          finish_reason: null,
        },
      ]),
    );
    for (const piece of pieces[index] ?? []) {
      events.push(chunk([{ index, delta: { content: piece }, logprobs: null, finish_reason: null }]));
    }
    (choice.toolCalls ?? []).forEach((call, callIndex) => {
      events.push(
        chunk([
          {
            index,
            delta: {
              tool_calls: [
                {
                  index: callIndex,
                  id: call.id ?? openAIId('call_'),
                  type: 'function',
                  function: { name: call.name, arguments: '' },
                },
              ],
            },
            logprobs: null,
            finish_reason: null,
          },
        ]),
      );
      // Arguments arrive in small fragments, as they do from the API.
      for (const fragment of call.arguments.match(/.{1,6}/gs) ?? []) {
        events.push(
          chunk([
            {
              index,
              delta: { tool_calls: [{ index: callIndex, function: { arguments: fragment } }] },
              logprobs: null,
              finish_reason: null,
            },
          ]),
        );
      }
    });
  });
  if (!spec.omitFinish) {
    choiceSpecs.forEach((choice, index) => {
      events.push(
        chunk([
          {
            index,
            delta: {},
            logprobs: null,
            finish_reason: choice.finishReason ?? (choice.toolCalls ? 'tool_calls' : 'stop'),
          },
        ]),
      );
    });
  }
  if (spec.includeUsage) {
    events.push({
      data: { ...base, choices: [], usage: chatUsage(spec.usage ?? { prompt: 22, completion: 4 }) },
    });
  }
  if (spec.done !== false) events.push({ data: '[DONE]' });
  return events;
}

/** An OpenAI error body, as sent with 4xx/5xx statuses. */
export function apiError(status: number, message?: string, code?: string | null): Record<string, unknown> {
  const type =
    status === 429
      ? 'rate_limit_exceeded'
      : status >= 500
        ? 'server_error'
        : status === 401
          ? 'invalid_request_error'
          : 'invalid_request_error';
  return {
    error: {
      message:
        message ??
        (status === 429
          ? 'Rate limit reached for gpt-4o-mini in organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.'
          : status >= 500
            ? 'The server had an error while processing your request. Sorry about that!'
            : "Invalid value for 'temperature': must be between 0 and 2."),
      type,
      param: status === 400 ? 'temperature' : null,
      code:
        code === undefined
          ? status === 429
            ? 'rate_limit_exceeded'
            : status === 400
              ? 'invalid_value'
              : null
          : code,
    },
  };
}

/** A JSON error reply; 429/5xx carry a short `retry-after-ms` so SDK retries stay fast. */
export function errorReply(status: number, message?: string): WireReply {
  const headers: Record<string, string> = {};
  if (status === 429 || status >= 500) headers['retry-after-ms'] = '5';
  return { kind: 'json', status, body: apiError(status, message), headers };
}

export interface ResponseSpec {
  id?: string;
  model?: string;
  status?: 'completed' | 'incomplete' | 'failed' | 'in_progress';
  text?: string;
  functionCalls?: Array<{ callId?: string; name: string; arguments: string }>;
  reasoningSummary?: string;
  usage?: { input: number; output: number; cached?: number; reasoning?: number };
  incompleteReason?: string;
  error?: { code: string; message: string };
  instructions?: string | null;
  conversationId?: string;
}

/** A Responses API `response` object. */
export function response(spec: ResponseSpec = {}): Record<string, unknown> {
  const output: unknown[] = [];
  if (spec.reasoningSummary !== undefined) {
    output.push({
      id: openAIId('rs_'),
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: spec.reasoningSummary }],
    });
  }
  if (spec.text !== undefined || !spec.functionCalls) {
    output.push({
      id: openAIId('msg_'),
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: spec.text ?? 'Atlantic Ocean.' }],
    });
  }
  for (const call of spec.functionCalls ?? []) {
    output.push({
      id: openAIId('fc_'),
      type: 'function_call',
      status: 'completed',
      call_id: call.callId ?? openAIId('call_'),
      name: call.name,
      arguments: call.arguments,
    });
  }
  const usage = spec.usage ?? { input: 36, output: 87, cached: 0, reasoning: 0 };
  return {
    id: spec.id ?? `resp_${randomBytes(24).toString('hex')}`,
    object: 'response',
    created_at: CREATED,
    status: spec.status ?? 'completed',
    background: false,
    error: spec.error ?? null,
    incomplete_details: spec.incompleteReason ? { reason: spec.incompleteReason } : null,
    instructions: spec.instructions ?? null,
    max_output_tokens: null,
    model: spec.model ?? 'gpt-4.1-mini-2025-04-14',
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1.0,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1.0,
    truncation: 'disabled',
    usage:
      spec.status === 'in_progress'
        ? null
        : {
            input_tokens: usage.input,
            input_tokens_details: { cached_tokens: usage.cached ?? 0 },
            output_tokens: usage.output,
            output_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
            total_tokens: usage.input + usage.output,
          },
    user: null,
    metadata: {},
    ...(spec.conversationId ? { conversation: { id: spec.conversationId } } : {}),
  };
}

export interface ResponseStreamSpec extends ResponseSpec {
  /** Text deltas of the message item. */
  deltas?: string[];
  /** Leave out the terminal event (`response.completed` …). */
  omitTerminal?: boolean;
}

/** SSE events of a streamed Response (`event:` lines included, as the API sends them). */
export function responseEvents(spec: ResponseStreamSpec = {}): SseEvent[] {
  const deltas = spec.deltas ?? ['Atlantic', ' Ocean', '.'];
  const final = response({ ...spec, text: spec.text ?? deltas.join('') });
  const inProgress = { ...final, status: 'in_progress', output: [], usage: null };
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): SseEvent => ({
    event: type,
    data: { type, sequence_number: sequence++, ...fields },
  });
  const events: SseEvent[] = [
    event('response.created', { response: inProgress }),
    event('response.in_progress', { response: inProgress }),
  ];
  const message = (final.output as Array<Record<string, unknown>>).find((item) => item.type === 'message');
  const messageIndex = (final.output as unknown[]).indexOf(message);
  if (message) {
    events.push(
      event('response.output_item.added', {
        output_index: messageIndex,
        item: { ...message, status: 'in_progress', content: [] },
      }),
    );
    events.push(
      event('response.content_part.added', {
        item_id: message.id,
        output_index: messageIndex,
        content_index: 0,
        part: { type: 'output_text', annotations: [], text: '' },
      }),
    );
    for (const delta of deltas) {
      events.push(
        event('response.output_text.delta', {
          item_id: message.id,
          output_index: messageIndex,
          content_index: 0,
          delta,
          logprobs: [],
        }),
      );
    }
    events.push(
      event('response.output_text.done', {
        item_id: message.id,
        output_index: messageIndex,
        content_index: 0,
        text: deltas.join(''),
        logprobs: [],
      }),
    );
    events.push(event('response.output_item.done', { output_index: messageIndex, item: message }));
  }
  (final.output as Array<Record<string, unknown>>).forEach((item, index) => {
    if (item.type !== 'function_call') return;
    events.push(
      event('response.output_item.added', {
        output_index: index,
        item: { ...item, status: 'in_progress', arguments: '' },
      }),
    );
    events.push(
      event('response.function_call_arguments.delta', {
        item_id: item.id,
        output_index: index,
        delta: item.arguments,
      }),
    );
    events.push(
      event('response.function_call_arguments.done', {
        item_id: item.id,
        output_index: index,
        arguments: item.arguments,
      }),
    );
    events.push(event('response.output_item.done', { output_index: index, item }));
  });
  if (!spec.omitTerminal) {
    const terminal =
      final.status === 'incomplete'
        ? 'response.incomplete'
        : final.status === 'failed'
          ? 'response.failed'
          : 'response.completed';
    events.push(event(terminal, { response: final }));
  }
  return events;
}

/** A `list` of embeddings with `dimensions`-long float vectors. */
export function embeddingList(
  spec: { count?: number; dimensions?: number; model?: string; promptTokens?: number } = {},
) {
  const dimensions = spec.dimensions ?? 8;
  return {
    object: 'list',
    data: Array.from({ length: spec.count ?? 1 }, (_, index) => ({
      object: 'embedding',
      index,
      embedding: Array.from({ length: dimensions }, (_, d) => Math.round(Math.sin(index + d) * 1e6) / 1e6),
    })),
    model: spec.model ?? 'text-embedding-3-small',
    usage: { prompt_tokens: spec.promptTokens ?? 8, total_tokens: spec.promptTokens ?? 8 },
  };
}

/** A legacy `text_completion`. */
export function textCompletion(spec: { text?: string; finishReason?: string; model?: string } = {}) {
  return {
    id: openAIId('cmpl-'),
    object: 'text_completion',
    created: CREATED,
    model: spec.model ?? 'gpt-3.5-turbo-instruct:20230824-v2',
    choices: [
      {
        text: spec.text ?? '\n\nAtlantic Ocean.',
        index: 0,
        logprobs: null,
        finish_reason: spec.finishReason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  };
}
