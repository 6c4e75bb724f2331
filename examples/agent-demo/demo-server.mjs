// A deterministic OpenAI-compatible server for the demo: it speaks the Chat Completions wire format
// (JSON and server-sent events) and plays a fixed script, so the demo runs offline and prints the
// same tree every time. It is not a model: it asks for the two tools, then summarises their results.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const MODEL = 'gpt-4o-mini-2024-07-18';

/** What the "model" says next, given the conversation so far. */
function nextAssistantTurn(messages) {
  const last = messages.at(-1);
  if (last?.role !== 'tool') {
    return {
      toolCalls: [
        { id: 'call_weather_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_time_paris', name: 'get_local_time', arguments: '{"timezone":"Europe/Paris"}' },
      ],
    };
  }
  const results = Object.fromEntries(
    messages
      .filter((message) => message.role === 'tool')
      .map((message) => [message.tool_call_id, JSON.parse(message.content)]),
  );
  const weather = results.call_weather_paris;
  const time = results.call_time_paris;
  return {
    text: `In Paris it is ${weather.temperature_c} °C with ${weather.conditions}, and the local time is ${time.local_time}. Pack an umbrella!`,
  };
}

function usage(prompt, completion) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}

function answer(body, res) {
  const turn = nextAssistantTurn(body.messages ?? []);
  const id = `chatcmpl-demo${randomBytes(8).toString('hex')}`;
  const promptTokens = 40 + JSON.stringify(body.messages ?? []).length / 8;
  const completionTokens = turn.text ? turn.text.split(' ').length + 4 : 38;
  const finishReason = turn.toolCalls ? 'tool_calls' : 'stop';
  const headers = { 'x-request-id': `req_${randomBytes(16).toString('hex')}`, 'openai-processing-ms': '180' };
  const toolCalls = turn.toolCalls?.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));

  if (!body.stream) {
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: MODEL,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: turn.text ?? null, tool_calls: toolCalls, refusal: null },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: usage(Math.round(promptTokens), completionTokens),
        service_tier: 'default',
        system_fingerprint: 'fp_demo',
      }),
    );
    return;
  }

  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8' });
  const base = {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: MODEL,
    system_fingerprint: 'fp_demo',
  };
  const chunks = [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }];
  for (const word of turn.text?.split(/(?<= )/) ?? [])
    chunks.push({ index: 0, delta: { content: word }, finish_reason: null });
  turn.toolCalls?.forEach((call, index) => {
    chunks.push({
      index: 0,
      delta: {
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      },
      finish_reason: null,
    });
    chunks.push({
      index: 0,
      delta: { tool_calls: [{ index, function: { arguments: call.arguments } }] },
      finish_reason: null,
    });
  });
  chunks.push({ index: 0, delta: {}, finish_reason: finishReason });
  const events = chunks.map((choice) => ({ ...base, choices: [choice] }));
  if (body.stream_options?.include_usage)
    events.push({ ...base, choices: [], usage: usage(Math.round(promptTokens), completionTokens) });
  let next = 0;
  const timer = setInterval(() => {
    if (next < events.length) {
      res.write(`data: ${JSON.stringify(events[next++])}\n\n`);
      return;
    }
    clearInterval(timer);
    res.end('data: [DONE]\n\n');
  }, 15);
}

/** Starts the server on 127.0.0.1; resolves with its base URL and a close function. */
export async function startDemoServer() {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.endsWith('/chat/completions')) {
        answer(JSON.parse(raw || '{}'), res);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `The demo server only answers chat completions, not ${req.url}`,
            type: 'invalid_request_error',
          },
        }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
