import { describe, expect, it } from 'vitest';
import { formatTraceTree } from '../../src/exporters/console-tree-format';
import { withAgent, withTool } from '../../src/tracing/genai-helpers';
import { traced } from '../../src/tracing/traced';
import { withLLMCall } from '../../src/tracing/with-llm-call';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();

interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Stand-in for `openai.chat.completions.create` (whose spans the OpenAI instrumentation makes):
 * first asks for two tools, then answers.
 */
function scriptedModel() {
  let turn = 0;
  return (messages: unknown[]) =>
    withLLMCall({ provider: 'openai', model: 'gpt-4o-mini', input: messages }, async (call) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      turn++;
      const toolCalls: ToolCall[] =
        turn === 1
          ? [
              { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
              { id: 'call_2', name: 'get_local_time', arguments: '{"city":"Paris"}' },
            ]
          : [];
      const content = turn === 1 ? null : 'Sunny, 21°C, and it is 14:05 in Paris.';
      call.recordResponse({
        id: `chatcmpl-${turn}`,
        model: 'gpt-4o-mini-2024-07-18',
        finishReasons: [toolCalls.length > 0 ? 'tool_call' : 'stop'],
        usage: { inputTokens: 120 * turn, outputTokens: turn === 1 ? 38 : 14 },
      });
      return { content, toolCalls };
    });
}

/** The docs' example (docs/manual-tracing.md): an agent with two tools built from the helpers. */
const tools: Record<string, (args: { city: string }) => Promise<unknown>> = {
  get_weather: async ({ city }) => ({ city, sky: 'sunny', tempC: 21 }),
  get_local_time: async ({ city }) => ({ city, time: '14:05' }),
};

async function answer(question: string, model: ReturnType<typeof scriptedModel>): Promise<string> {
  return withAgent(
    { name: 'city-guide', provider: 'openai', model: 'gpt-4o-mini', input: question },
    async () => {
      const messages: unknown[] = [{ role: 'user', content: question }];
      for (let step = 0; step < 5; step++) {
        const reply = await model(messages);
        if (reply.toolCalls.length === 0) return reply.content ?? '';
        messages.push({ role: 'assistant', content: null, tool_calls: reply.toolCalls });
        const results = await Promise.all(
          reply.toolCalls.map((toolCall) =>
            withTool(
              { name: toolCall.name, callId: toolCall.id, type: 'function', arguments: toolCall.arguments },
              () => tools[toolCall.name]?.(JSON.parse(toolCall.arguments)),
            ),
          ),
        );
        reply.toolCalls.forEach((toolCall, index) => {
          messages.push({ role: 'tool', tool_call_id: toolCall.id, content: JSON.stringify(results[index]) });
        });
      }
      throw new Error('too many steps');
    },
  );
}

describe('docs example', () => {
  it('produces the tree shown in docs/manual-tracing.md', async () => {
    const handle = traced(answer, { name: 'handle-question', kind: 'workflow' });
    expect(await handle('What is it like in Paris right now?', scriptedModel())).toContain('21°C');
    const tree = formatTraceTree(h.spans(), { width: 100, color: false });
    if (process.env.PRINT_DOCS_TREE) process.stdout.write(tree);
    const names = tree.split('\n').map((line) => line.replace(/ · .*/, '').trim());
    expect(names).toEqual(
      expect.arrayContaining([
        'handle-question',
        '└─ invoke_agent city-guide',
        '├─ chat gpt-4o-mini',
        '├─ execute_tool get_weather',
        '├─ execute_tool get_local_time',
        '└─ chat gpt-4o-mini',
      ]),
    );
  });
});
