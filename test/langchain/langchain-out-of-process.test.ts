import { describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';
import {
  queueFailingToolReplies,
  queueRetrieverReplies,
  queueStreamingReplies,
  queueToolAgentReplies,
  TIME_CALL_ID,
  TOOL_AGENT_CHILD_SPAN_NAMES,
  WEATHER_CALL_ID,
} from './support/wire-replies';

/**
 * LangChain.js apps run the way users run them (`node --require|--import genai-otel/register`)
 * against the local OpenAI wire server and a local OTLP receiver. The apps change nothing: no
 * handler passed, no genai-otel import. Needs `npm run build` first (apps load genai-otel from dist/).
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
const env = (extra: Record<string, string> = {}) =>
  exitFlushedOtlpEnv(receiver.url, 'langchain-fixture', { OPENAI_BASE_URL: wire.baseURL, ...extra });

const APPS = [
  { loader: 'require' as const, app: 'test/fixtures/langchain/langchain-app.cjs' },
  { loader: 'import' as const, app: 'test/fixtures/langchain/langchain-app.mjs' },
];
// Two cores shared by several suites: be generous with the time an app may take.
const RUN_TIMEOUT = 90_000;

function parentOf(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan | undefined {
  return spans.find((candidate) => candidate.spanId === span.parentSpanId);
}

function byStart(spans: ReceivedSpan[]): ReceivedSpan[] {
  // Span starts have millisecond resolution, so a tool and the chat call right after it can share
  // one; the one that ended first ran first. (Export order does not tell: OTLP groups spans by
  // instrumentation scope.)
  return [...spans].sort(
    (a, b) =>
      compareNanos(a.startTimeUnixNano, b.startTimeUnixNano) ||
      compareNanos(a.endTimeUnixNano, b.endTimeUnixNano),
  );
}

function compareNanos(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

describe.each(APPS)('LangChain under node --$loader genai-otel/register', ({ loader, app }) => {
  it(
    'exports the tool-calling agent as one trace: agent → chat → tool → chat → tool → chat',
    async () => {
      queueToolAgentReplies(wire);
      const run = await runNodeApp(app, {
        loader,
        args: ['agent'],
        env: env({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }),
        timeoutMillis: RUN_TIMEOUT,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('answer: It is 18°C and sunny in Paris, and the local time is 14:05.');
      expect(run.code).toBe(0);
      const spans = await receiver.waitForSpans(6, RUN_TIMEOUT);
      expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
      const agent = spans.find((span) => span.name === 'invoke_agent trip_helper') as ReceivedSpan;
      expect(agent, spans.map((span) => span.name).join(', ')).toBeDefined();
      expect(agent.parentSpanId).toBeUndefined();
      const children = byStart(spans.filter((span) => parentOf(span, spans) === agent));
      expect(children.map((span) => span.name)).toEqual(TOOL_AGENT_CHILD_SPAN_NAMES);
      expect(spans).toHaveLength(6);
      const chats = children.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
      expect(chats.map((span) => span.kind)).toEqual([3, 3, 3]);
      expect(chats.map((span) => span.attributes['gen_ai.usage.input_tokens'])).toEqual([96, 131, 165]);
      expect(chats.map((span) => span.attributes['gen_ai.usage.output_tokens'])).toEqual([16, 17, 19]);
      const [weather, time] = [children[1], children[3]] as [ReceivedSpan, ReceivedSpan];
      expect(weather.attributes['gen_ai.tool.call.id']).toBe(WEATHER_CALL_ID);
      expect(JSON.parse(String(weather.attributes['gen_ai.tool.call.arguments']))).toMatchObject({
        city: 'Paris',
      });
      expect(weather.attributes['gen_ai.tool.call.result']).toBe('18°C and sunny in Paris');
      expect(time.attributes['gen_ai.tool.call.id']).toBe(TIME_CALL_ID);
      expect(time.attributes['gen_ai.tool.call.result']).toBe('14:05 in Paris');
      expect(wire.requests).toHaveLength(3);
      const duration = await receiver.waitForMetric('gen_ai.client.operation.duration', RUN_TIMEOUT);
      expect(duration.points.reduce((total, point) => total + (point.count ?? 0), 0)).toBe(3);
    },
    RUN_TIMEOUT * 2,
  );

  it(
    'exports streaming, retriever, failing-tool and LangGraph runs',
    async () => {
      const scenarios = [
        { name: 'streaming', queue: queueStreamingReplies, spanCount: 1 },
        { name: 'retriever', queue: queueRetrieverReplies, spanCount: 5 },
        { name: 'failing-tool', queue: queueFailingToolReplies, spanCount: 4 },
        { name: 'langgraph', queue: queueToolAgentReplies, spanCount: 15 },
      ];
      let expected = 0;
      for (const scenario of scenarios) {
        scenario.queue(wire);
        const run = await runNodeApp(app, {
          loader,
          args: [scenario.name],
          env: env(),
          timeoutMillis: RUN_TIMEOUT,
        });
        expect(run.stderr, scenario.name).toBe('');
        expect(run.code, scenario.name).toBe(0);
        expected += scenario.spanCount;
      }
      const spans = await receiver.waitForSpans(expected, RUN_TIMEOUT);
      expect(spans).toHaveLength(expected);
      const streamed = spans.find(
        (span) => span.attributes['gen_ai.request.stream'] === true,
      ) as ReceivedSpan;
      expect(streamed.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
      expect(streamed.attributes['gen_ai.usage.output_tokens']).toBe(6);
      const retrieval = spans.find((span) => span.name === 'retrieval HandbookRetriever') as ReceivedSpan;
      expect(parentOf(retrieval, spans)?.name).toBe('invoke_workflow rag_answer');
      const failed = spans.find((span) => span.name === 'execute_tool lookup_order') as ReceivedSpan;
      expect(failed.status.code).toBe(2);
      expect(failed.attributes['error.type']).toBe('OrderServiceError');
      const researcher = spans.find((span) => span.name === 'invoke_agent researcher') as ReceivedSpan;
      expect(parentOf(researcher, spans)?.name).toBe('invoke_workflow trip_planner');
      // Every model call exactly once, whichever way it went.
      expect(spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat')).toHaveLength(7);
      expect(spans.filter((span) => span.scope === 'genai-otel/instrumentation-openai')).toEqual([]);
    },
    RUN_TIMEOUT * 5,
  );
});

describe('LangChain with genai-otel disabled for it', () => {
  it(
    'leaves LangChain alone with OTEL_NODE_DISABLED_INSTRUMENTATIONS=langchain (the OpenAI span remains)',
    async () => {
      queueRetrieverReplies(wire);
      const run = await runNodeApp('test/fixtures/langchain/langchain-app.cjs', {
        loader: 'require',
        args: ['retriever'],
        env: env({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'langchain' }),
        timeoutMillis: RUN_TIMEOUT,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const spans = await receiver.waitForSpans(1, RUN_TIMEOUT);
      expect(spans.map((span) => [span.name, span.scope])).toEqual([
        ['chat gpt-4o-mini', 'genai-otel/instrumentation-openai'],
      ]);
    },
    RUN_TIMEOUT * 2,
  );
});
