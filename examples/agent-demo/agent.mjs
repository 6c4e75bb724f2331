// A small tool-using agent. Run it with genai-otel loaded:
//   npm run build && node --import genai-otel/register examples/agent-demo/agent.mjs
// Without OPENAI_API_KEY it talks to the deterministic demo server next to it; with OPENAI_API_KEY
// (and optionally OPENAI_BASE_URL, OPENAI_MODEL) it talks to a real endpoint.

import { withAgent, withTool } from 'genai-otel';
import OpenAI from 'openai';
import { startDemoServer } from './demo-server.mjs';

const TOOLS = {
  get_weather: ({ city }) => ({ city, temperature_c: 18, conditions: 'light rain' }),
  get_local_time: ({ timezone }) => ({ timezone, local_time: '14:05' }),
};

const TOOL_DEFINITIONS = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_local_time',
      description: 'Local time in an IANA time zone',
      parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] },
    },
  },
];

const demoServer = process.env.OPENAI_API_KEY ? undefined : await startDemoServer();
const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-demo',
  baseURL: demoServer?.baseURL ?? process.env.OPENAI_BASE_URL,
});
const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';
const question = 'I land in Paris in an hour. What is the weather there, and what time is it?';

try {
  const reply = await withAgent(
    { name: 'trip-helper', provider: 'openai', model, input: question },
    async () => {
      const messages = [
        { role: 'system', content: 'You are a concise travel assistant. Use the tools.' },
        { role: 'user', content: question },
      ];
      for (let turn = 0; turn < 4; turn++) {
        // Streamed, so the trace shows time to first chunk; the helper goes through chat.completions.create.
        const runner = client.chat.completions.stream({
          model,
          messages,
          tools: TOOL_DEFINITIONS,
          stream_options: { include_usage: true },
        });
        runner.on('content', (delta) => process.stdout.write(delta));
        const completion = await runner.finalChatCompletion();
        const message = completion.choices[0].message;
        messages.push(message);
        if (!message.tool_calls?.length) return message.content;
        for (const call of message.tool_calls) {
          const args = JSON.parse(call.function.arguments);
          const result = await withTool(
            { name: call.function.name, callId: call.id, type: 'function', arguments: args },
            () => TOOLS[call.function.name](args),
          );
          messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
        }
      }
      return 'Gave up after 4 turns.';
    },
  );
  process.stdout.write(`\n\nAgent answer: ${reply}\n`);
} finally {
  await demoServer?.close();
}
