/**
 * Model answers for test/fixtures/langchain/langchain-scenarios.cjs, in the order each scenario asks
 * for them, shaped like recorded api.openai.com answers.
 */
import {
  chatCompletion,
  chatCompletionChunks,
  type OpenAIWireServer,
} from '../../support/openai-wire-server';

export const WEATHER_CALL_ID = 'call_Wz7Lq2Q6bXk1vGQ3rYb8eN4s';
export const TIME_CALL_ID = 'call_T3mR8pK2dJ6hV1cN9xF5aQ7u';
export const ORDER_CALL_ID = 'call_O9dE4rT7yU2iP5aS8dF1gH3j';

/** The agent span's children, in start order, that the replies of `queueToolAgentReplies` produce. */
export const TOOL_AGENT_CHILD_SPAN_NAMES = [
  'chat gpt-4o-mini',
  'execute_tool get_weather',
  'chat gpt-4o-mini',
  'execute_tool get_local_time',
  'chat gpt-4o-mini',
];

/** runToolAgent: get_weather, then get_local_time, then the answer. */
export function queueToolAgentReplies(wire: OpenAIWireServer): void {
  wire.enqueue(
    'POST /v1/chat/completions',
    {
      kind: 'json',
      body: chatCompletion({
        choices: [
          { toolCalls: [{ id: WEATHER_CALL_ID, name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        ],
        usage: { prompt: 96, completion: 16 },
      }),
    },
    {
      kind: 'json',
      body: chatCompletion({
        choices: [
          { toolCalls: [{ id: TIME_CALL_ID, name: 'get_local_time', arguments: '{"city":"Paris"}' }] },
        ],
        usage: { prompt: 131, completion: 17 },
      }),
    },
    {
      kind: 'json',
      body: chatCompletion({
        choices: [{ content: 'It is 18°C and sunny in Paris, and the local time is 14:05.' }],
        usage: { prompt: 165, completion: 19, cached: 128 },
      }),
    },
  );
}

/** runFailingToolAgent: lookup_order, then the answer. */
export function queueFailingToolReplies(wire: OpenAIWireServer): void {
  wire.enqueue(
    'POST /v1/chat/completions',
    {
      kind: 'json',
      body: chatCompletion({
        choices: [
          { toolCalls: [{ id: ORDER_CALL_ID, name: 'lookup_order', arguments: '{"orderId":"A-17"}' }] },
        ],
        usage: { prompt: 70, completion: 18 },
      }),
    },
    {
      kind: 'json',
      body: chatCompletion({
        choices: [{ content: 'Sorry, I cannot reach the order service right now.' }],
        usage: { prompt: 104, completion: 12 },
      }),
    },
  );
}

/** runStreamingChat: one SSE answer with usage. */
export function queueStreamingReplies(wire: OpenAIWireServer): void {
  wire.enqueue('POST /v1/chat/completions', {
    kind: 'sse',
    events: chatCompletionChunks({
      pieces: [['Bouvet', ' Island', ' is in', ' the South', ' Atlantic', '.']],
      includeUsage: true,
      usage: { prompt: 15, completion: 6 },
    }),
  });
}

/** runRetrieverChain: the answer. */
export function queueRetrieverReplies(wire: OpenAIWireServer): void {
  wire.enqueue('POST /v1/chat/completions', {
    kind: 'json',
    body: chatCompletion({
      choices: [{ content: 'Refunds take up to 14 days.' }],
      usage: { prompt: 48, completion: 8 },
    }),
  });
}
