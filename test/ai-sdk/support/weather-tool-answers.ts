import { type ChatUsageSpec, chatCompletion, type WireReply } from '../../support/openai-wire-server';

/** The model's first step in the tests' tool loop: a call of `get_weather({ city: 'Paris' })`. */
export function weatherToolCallAnswer(usage?: ChatUsageSpec): WireReply {
  return {
    kind: 'json',
    body: chatCompletion({
      choices: [
        {
          content: null,
          toolCalls: [{ id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
          finishReason: 'tool_calls',
        },
      ],
      ...(usage === undefined ? {} : { usage }),
    }),
  };
}
