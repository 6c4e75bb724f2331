/**
 * A `fetch` for the Anthropic SDK that answers `POST /v1/messages` in process, with no socket: a
 * realistic Message as JSON, or as the server-sent events of a stream (`message_start`, `ping`,
 * one text block in `chunkCount` deltas, `message_delta` with the stop reason and usage,
 * `message_stop`). Bodies are encoded once; every call builds a new Response, which costs every
 * variant (bare SDK included) the same.
 */
const encoder = new TextEncoder();

export const MODEL = 'claude-sonnet-4-5';

export const MESSAGE_PARAMS = Object.freeze({
  model: MODEL,
  max_tokens: 256,
  temperature: 0.2,
  system: 'You are a terse travel assistant.',
  messages: [{ role: 'user', content: 'What is the weather like in Paris in April?' }],
});

export const STREAM_PARAMS = Object.freeze({ ...MESSAGE_PARAMS, stream: true });

const usage = (output) => ({
  input_tokens: 31,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: output,
  service_tier: 'standard',
});

const message = {
  id: 'msg_01BenchMessage000000000001',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [
    { type: 'text', text: 'Mild and changeable: 8–16 °C, showers likely, pack a light rain jacket.' },
  ],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: usage(19),
};
const messageBody = JSON.stringify(message);

function sseEvents(chunkCount) {
  const event = (payload) => encoder.encode(`event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`);
  const events = [
    event({
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, usage: usage(1) },
    }),
    event({ type: 'ping' }),
    event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  ];
  for (let i = 0; i < chunkCount; i++) {
    events.push(
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ` w${i}` } }),
    );
  }
  const { service_tier: _tier, ...totals } = usage(chunkCount);
  events.push(
    event({ type: 'content_block_stop', index: 0 }),
    event({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: totals }),
    event({ type: 'message_stop' }),
  );
  return events;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'request-id': 'req_bench_json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'request-id': 'req_bench_sse' };

/** A `fetch` answering every Messages request; `"stream":true` in the body selects the SSE answer. */
export function cannedAnthropicFetch(chunkCount) {
  const events = sseEvents(chunkCount);
  return async function fetch(_url, init) {
    const body = typeof init?.body === 'string' ? init.body : '';
    if (!body.includes('"stream":true'))
      return new Response(messageBody, { status: 200, headers: JSON_HEADERS });
    let next = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (next < events.length) controller.enqueue(events[next++]);
        else controller.close();
      },
    });
    return new Response(stream, { status: 200, headers: SSE_HEADERS });
  };
}

/** Events a consumer of a `chunkCount` stream sees: every SSE event but `ping`, which the SDK skips. */
export const streamEventCount = (chunkCount) => chunkCount + 5;
