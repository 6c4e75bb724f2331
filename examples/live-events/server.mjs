// Serves the live GenAI events of a running agent over server-sent events (SSE).
//   npm run build && node --import genai-otel/register examples/live-events/server.mjs
// Open http://127.0.0.1:3000/ and press "Ask": the page shows the agent's model calls, tool
// calls, first tokens, costs and its finish as they happen.
//   GET  /events   text/event-stream of events (one `event: <type>` / `data: <json>` per event)
//   POST /ask      runs the agent once and answers with its reply
// Without OPENAI_API_KEY the agent talks to the deterministic local model of examples/agent-demo.

import { createServer } from 'node:http';
import { events, withAgent, withTool } from 'genai-otel';
import OpenAI from 'openai';
import { startDemoServer } from '../agent-demo/demo-server.mjs';

const TOOLS = {
  get_weather: ({ city }) => ({ city, temperature_c: 18, conditions: 'light rain' }),
  get_local_time: ({ timezone }) => ({ timezone, local_time: '14:05' }),
};
const TOOL_DEFINITIONS = Object.keys(TOOLS).map((name) => ({
  type: 'function',
  function: {
    name,
    parameters: {
      type: 'object',
      properties: name === 'get_weather' ? { city: { type: 'string' } } : { timezone: { type: 'string' } },
    },
  },
}));

const demoModel = process.env.OPENAI_API_KEY ? undefined : await startDemoServer();
const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-demo',
  baseURL: demoModel?.baseURL ?? process.env.OPENAI_BASE_URL,
});
const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';

/** The agent: the same loop as examples/agent-demo, streamed so first-token events show. */
function askAgent(question) {
  return withAgent({ name: 'trip-helper', provider: 'openai', model, input: question }, async () => {
    const messages = [{ role: 'user', content: question }];
    for (let turn = 0; turn < 4; turn++) {
      const completion = await client.chat.completions
        .stream({ model, messages, tools: TOOL_DEFINITIONS, stream_options: { include_usage: true } })
        .finalChatCompletion();
      const message = completion.choices[0].message;
      messages.push(message);
      if (!message.tool_calls?.length) return message.content;
      for (const call of message.tool_calls) {
        const args = JSON.parse(call.function.arguments);
        const result = await withTool({ name: call.function.name, callId: call.id, arguments: args }, () =>
          TOOLS[call.function.name](args),
        );
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
      }
    }
    return 'Gave up after 4 turns.';
  });
}

/** One SSE client: subscribe, write each event, unsubscribe when the browser goes away. */
async function streamEvents(req, res) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const disconnected = new AbortController();
  req.on('close', () => disconnected.abort());
  // Bounded buffer: a slow browser loses the oldest events (it gets an `events.dropped` notice);
  // the agent never waits for it.
  for await (const event of events({ filter: ['llm.*', 'tool.*', 'agent.*'], signal: disconnected.signal })) {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }
  res.end();
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>genai-otel live events</title>
<button id="ask">Ask</button><pre id="log"></pre>
<script>
const log = document.getElementById('log');
const source = new EventSource('/events');
const show = (e) => {
  const d = JSON.parse(e.data);
  const facts = [d.name ?? d.toolName ?? '', d.durationMs !== undefined ? d.durationMs.toFixed(1) + ' ms' : '',
    d.usage ? d.usage.inputTokens + '→' + d.usage.outputTokens + ' tok' : '', d.cost ? '$' + d.cost.totalUsd.toFixed(6) : ''];
  log.textContent += e.type.padEnd(16) + facts.filter(Boolean).join(' · ') + '\\n';
};
for (const type of ['llm.start','llm.first_token','llm.end','llm.error','tool.start','tool.end','tool.error','agent.start','agent.action','agent.finish','agent.error'])
  source.addEventListener(type, show);
document.getElementById('ask').onclick = () => fetch('/ask', { method: 'POST' });
</script>`;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/events') {
    streamEvents(req, res).catch(() => res.destroy());
  } else if (req.method === 'POST' && req.url === '/ask') {
    askAgent('I land in Paris in an hour. What is the weather there, and what time is it?').then(
      (answer) => res.end(answer),
      (error) => {
        res.statusCode = 500;
        res.end(String(error));
      },
    );
  } else if (req.method === 'GET' && req.url === '/') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(PAGE);
  } else {
    res.statusCode = 404;
    res.end();
  }
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`);
});

const stop = () => {
  server.closeAllConnections();
  server.close();
  demoModel?.close();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
