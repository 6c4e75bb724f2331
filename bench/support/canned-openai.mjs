/**
 * A `fetch` for the openai SDK that answers in process, with no socket: a realistic chat
 * completion as JSON, or as a server-sent-event stream of `chunkCount` content chunks, a finish
 * chunk and an `include_usage` chunk. Bodies are encoded once; every call builds a new Response,
 * which costs every variant (bare SDK included) the same.
 */
const encoder = new TextEncoder();
const CREATED = 1_767_225_600;

export const CHAT_PARAMS = Object.freeze({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a terse travel assistant.' },
    { role: 'user', content: 'What is the weather like in Paris in April?' },
  ],
  temperature: 0.2,
  max_completion_tokens: 256,
});

export const STREAM_PARAMS = Object.freeze({
  ...CHAT_PARAMS,
  stream: true,
  stream_options: { include_usage: true },
});

const completionBody = JSON.stringify({
  id: 'chatcmpl-Bench0000000000000000000001',
  object: 'chat.completion',
  created: CREATED,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Mild and changeable: 8–16 °C, showers likely, pack a light rain jacket.',
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 31,
    completion_tokens: 19,
    total_tokens: 50,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_bench0001',
});

function sseEvents(chunkCount) {
  const base = {
    id: 'chatcmpl-BenchStream00000000000000001',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_bench0001',
  };
  const event = (payload) => encoder.encode(`data: ${JSON.stringify({ ...base, ...payload })}\n\n`);
  const events = [
    event({
      choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null }],
    }),
  ];
  for (let i = 0; i < chunkCount; i++) {
    events.push(event({ choices: [{ index: 0, delta: { content: ` w${i}` }, finish_reason: null }] }));
  }
  events.push(event({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  events.push(
    event({
      choices: [],
      usage: { prompt_tokens: 31, completion_tokens: chunkCount, total_tokens: 31 + chunkCount },
    }),
  );
  events.push(encoder.encode('data: [DONE]\n\n'));
  return events;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'x-request-id': 'req_bench_json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench_sse' };

/** A `fetch` answering every chat request; `"stream":true` in the body selects the SSE answer. */
export function cannedFetch(chunkCount) {
  const events = sseEvents(chunkCount);
  return async function fetch(_url, init) {
    const body = typeof init?.body === 'string' ? init.body : '';
    if (!body.includes('"stream":true'))
      return new Response(completionBody, { status: 200, headers: JSON_HEADERS });
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
