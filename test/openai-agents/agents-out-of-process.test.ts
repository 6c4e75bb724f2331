import { describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { response } from '../support/openai-wire-server';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * Agents SDK apps run the way users run them (`node --require|--import genai-otel/register`)
 * against the local OpenAI wire server and a local OTLP receiver; the apps import nothing of
 * genai-otel. Needs `npm run build` first (apps load genai-otel from dist/).
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
const RUN_TIMEOUT = 90_000;

const APPS = [
  { loader: 'require' as const, app: 'test/openai-agents/fixtures/agents-app.cjs' },
  { loader: 'import' as const, app: 'test/openai-agents/fixtures/agents-app.mjs' },
];

function parentOf(span: ReceivedSpan | undefined, spans: ReceivedSpan[]): ReceivedSpan | undefined {
  return spans.find((candidate) => candidate.spanId === span?.parentSpanId);
}

describe.each(APPS)('an Agents SDK app under node --$loader genai-otel/register', ({ loader, app }) => {
  it(
    'exports workflow → agent → chat, tool (with the app span inside), chat: one trace, one span per model call',
    async () => {
      wire.enqueue(
        'POST /v1/responses',
        {
          kind: 'json',
          body: response({
            functionCalls: [{ callId: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
            usage: { input: 80, output: 20 },
          }),
        },
        { kind: 'json', body: response({ text: 'Sunny, 18°C.', usage: { input: 120, output: 8 } }) },
      );
      const run = await runNodeApp(app, {
        loader,
        // Not `test` (the runner's): the SDK turns its tracing off under NODE_ENV=test.
        env: exitFlushedOtlpEnv(receiver.url, 'agents-fixture', {
          OPENAI_BASE_URL: wire.baseURL,
          NODE_ENV: 'production',
        }),
        timeoutMillis: RUN_TIMEOUT,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('answer: Sunny, 18°C.');
      expect(run.code).toBe(0);
      const spans = await receiver.waitForSpans(6, RUN_TIMEOUT);
      expect(spans.map((span) => span.name).sort()).toEqual([
        'chat gpt-4.1-mini',
        'chat gpt-4.1-mini',
        'execute_tool get_weather',
        'invoke_agent Trip helper',
        'invoke_workflow Agent workflow',
        'lookup weather',
      ]);
      expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
      const agent = spans.find((span) => span.name === 'invoke_agent Trip helper');
      const tool = spans.find((span) => span.name === 'execute_tool get_weather');
      expect(parentOf(agent, spans)?.name).toBe('invoke_workflow Agent workflow');
      expect(parentOf(tool, spans)).toBe(agent);
      expect(
        parentOf(
          spans.find((span) => span.name === 'lookup weather'),
          spans,
        ),
      ).toBe(tool);
      const chats = spans.filter((span) => span.name === 'chat gpt-4.1-mini');
      for (const chat of chats) expect(parentOf(chat, spans)).toBe(agent);
      expect(chats.map((chat) => chat.attributes['gen_ai.usage.input_tokens']).sort()).toEqual([120, 80]);
    },
    RUN_TIMEOUT * 2,
  );
});

describe('an agent with an MCP tool under node --import genai-otel/register', () => {
  it(
    'nests the MCP tools/call request under the execute_tool span of the agent',
    async () => {
      wire.enqueue(
        'POST /v1/responses',
        {
          kind: 'json',
          body: response({
            functionCalls: [{ callId: 'call_m1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
          }),
        },
        { kind: 'json', body: response({ text: 'Sunny in Paris.' }) },
      );
      const run = await runNodeApp('test/openai-agents/fixtures/agents-mcp-app.mjs', {
        loader: 'import',
        env: exitFlushedOtlpEnv(receiver.url, 'agents-mcp-fixture', {
          OPENAI_BASE_URL: wire.baseURL,
          NODE_ENV: 'production',
        }),
        timeoutMillis: RUN_TIMEOUT,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('answer: Sunny in Paris.');
      expect(run.code).toBe(0);
      const spans = await receiver.waitForSpans(6, RUN_TIMEOUT);
      const tool = spans.find((span) => span.name === 'execute_tool get_weather');
      const call = spans.find((span) => span.name === 'tools/call get_weather');
      expect(call, spans.map((span) => span.name).join(', ')).toBeDefined();
      expect(parentOf(call, spans)).toBe(tool);
      expect(parentOf(tool, spans)?.name).toBe('invoke_agent Weather agent');
      expect(spans.filter((span) => span.name === 'chat gpt-4.1-mini')).toHaveLength(2);
    },
    RUN_TIMEOUT * 2,
  );
});
