import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { finishedSpans, histogram, jsonAttribute } from '../support/instrumentation-telemetry';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { scenarios } from './support/langchain-scenarios';
import { langchainInstrumentation, lc, resetLangChainTelemetry } from './support/load-langchain';
import { queueRetrieverReplies, queueStreamingReplies, queueToolAgentReplies } from './support/wire-replies';

const wire = useOpenAIWireServer();
beforeEach(resetLangChainTelemetry);

/** `name` lines indented by depth, children in start order: the trace as Jaeger shows it. */
function tree(spans: ReadableSpan[]): string[] {
  const lines: string[] = [];
  const byStart = [...spans].sort(
    (a, b) => Number(a.startTime[0] - b.startTime[0]) || a.startTime[1] - b.startTime[1],
  );
  const walk = (parentId: string | undefined, depth: number) => {
    for (const span of byStart) {
      if (span.parentSpanContext?.spanId !== parentId) continue;
      lines.push(`${'  '.repeat(depth)}${span.name}`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

describe('streaming a chat model', () => {
  it('ends the inference span once, without an error, when the consumer breaks out early', async () => {
    queueStreamingReplies(wire);
    const model = new lc.ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'sk-fixture',
      configuration: { baseURL: wire.baseURL },
      maxRetries: 0,
      streamUsage: true,
    });
    let first = '';
    for await (const chunk of await model.stream('Which ocean contains Bouvet Island?')) {
      first = String(chunk.content);
      if (first !== '') break; // the first chunk may carry only the role
    }
    expect(first).toBe('Bouvet');
    // LangChain sends no end event after a break: without our own end the span stays open.
    await expect.poll(() => finishedSpans().map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
    const [chat] = finishedSpans() as [ReadableSpan];
    expect(chat.status.code).not.toBe(2); // not ERROR
    expect(chat.attributes['genai_otel.run.timed_out']).toBeUndefined();
    expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('records time to first token, usage and the streamed answer on one inference span', async () => {
    queueStreamingReplies(wire);
    const answer = await withContentCapture(true, () => scenarios.runStreamingChat(lc, wire.baseURL));
    expect(answer).toBe('Bouvet Island is in the South Atlantic.');
    const spans = finishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
    const [chat] = spans as [ReadableSpan];
    expect(chat.instrumentationScope.name).toBe('genai-otel/instrumentation-langchain');
    expect(chat.attributes['gen_ai.request.stream']).toBe(true);
    expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(15);
    expect(chat.attributes['gen_ai.usage.output_tokens']).toBe(6);
    expect(chat.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(jsonAttribute(chat, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Bouvet Island is in the South Atlantic.' }],
        finish_reason: 'stop',
      },
    ]);
    const ttft = await histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(ttft.reduce((total, point) => total + point.count, 0)).toBe(1);
  });
});

describe('a retriever chain', () => {
  it('shows the chain, the retrieval with its query and documents, and the one model call', async () => {
    queueRetrieverReplies(wire);
    const answer = await withContentCapture(true, () => scenarios.runRetrieverChain(lc, wire.baseURL));
    expect(answer).toBe('Refunds take up to 14 days.');
    const spans = finishedSpans();
    expect(tree(spans)).toEqual([
      'invoke_workflow rag_answer',
      '  retrieval HandbookRetriever',
      '  ChatPromptTemplate',
      '  chat gpt-4o-mini',
      '  StrOutputParser',
    ]);
    const retrieval = spans.find((span) => span.name === 'retrieval HandbookRetriever') as ReadableSpan;
    expect(retrieval.attributes['gen_ai.operation.name']).toBe('retrieval');
    expect(retrieval.attributes['gen_ai.retrieval.query.text']).toBe('How long do refunds take?');
    expect(retrieval.attributes['genai_otel.retrieval.document_count']).toBe(2);
    expect(jsonAttribute(retrieval, 'gen_ai.retrieval.documents')).toEqual([
      { id: 'doc-1', content: 'Refunds are issued within 14 days.', metadata: { source: 'handbook.md' } },
      {
        id: 'doc-2',
        content: 'Questions about "How long do refunds take?" go to support.',
        metadata: { source: 'faq.md' },
      },
    ]);
    const chat = spans.find((span) => span.name === 'chat gpt-4o-mini') as ReadableSpan;
    const input = jsonAttribute(chat, 'gen_ai.input.messages') as Array<{ role: string }>;
    expect(input.map((message) => message.role)).toEqual(['system', 'user']);
    // A plain chain is a workflow, not an agent: no tool ran in it.
    const workflow = spans.find((span) => span.name === 'invoke_workflow rag_answer') as ReadableSpan;
    expect(workflow.attributes['gen_ai.operation.name']).toBe('invoke_workflow');
  });

  it('records no query or documents without content capture', async () => {
    queueRetrieverReplies(wire);
    await scenarios.runRetrieverChain(lc, wire.baseURL);
    const retrieval = finishedSpans().find(
      (span) => span.name === 'retrieval HandbookRetriever',
    ) as ReadableSpan;
    expect(retrieval.attributes['gen_ai.retrieval.query.text']).toBeUndefined();
    expect(retrieval.attributes['gen_ai.retrieval.documents']).toBeUndefined();
    expect(retrieval.attributes['genai_otel.retrieval.document_count']).toBe(2);
  });
});

describe('LangGraph', () => {
  it('shows the graph as a workflow, the ReAct subgraph as an agent, nodes as tasks, without LangGraph internals', async () => {
    queueToolAgentReplies(wire);
    const answer = await scenarios.runLangGraphAgent(lc, wire.baseURL);
    expect(answer).toBe('It is 18°C and sunny in Paris, and the local time is 14:05.');
    const spans = finishedSpans();
    expect(tree(spans)).toEqual([
      'invoke_workflow trip_planner',
      '  invoke_agent researcher',
      '    agent',
      '      prompt',
      '      chat gpt-4o-mini',
      '    tools',
      '      execute_tool get_weather',
      '    agent',
      '      prompt',
      '      chat gpt-4o-mini',
      '    tools',
      '      execute_tool get_local_time',
      '    agent',
      '      prompt',
      '      chat gpt-4o-mini',
    ]);
    expect(spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat')).toHaveLength(3);
    const node = spans.find((span) => span.name === 'tools') as ReadableSpan;
    expect(node.attributes['genai_otel.span.kind']).toBe('task');
  });

  it('gives the agent the provider of its model calls, and the workflow name only to the workflow', async () => {
    queueToolAgentReplies(wire);
    await scenarios.runLangGraphAgent(lc, wire.baseURL);
    const spans = finishedSpans();
    const agent = spans.find((span) => span.name === 'invoke_agent researcher') as ReadableSpan;
    expect(agent.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'researcher',
      'gen_ai.provider.name': 'openai',
    });
    // The conventions list no workflow name on agent spans.
    expect(agent.attributes).not.toHaveProperty('gen_ai.workflow.name');
    const workflow = spans.find((span) => span.name === 'invoke_workflow trip_planner') as ReadableSpan;
    expect(workflow.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'trip_planner',
    });
  });
});

describe('no duplicate inference spans', () => {
  it('records a LangChain chat call once, on the LangChain span, although the OpenAI instrumentation saw it', async () => {
    queueRetrieverReplies(wire);
    await scenarios.runRetrieverChain(lc, wire.baseURL);
    const chats = finishedSpans().filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats.map((span) => span.instrumentationScope.name)).toEqual([
      'genai-otel/instrumentation-langchain',
    ]);
  });

  it('leaves the call to the OpenAI instrumentation when the LangChain instrumentation is off (proof that it hooks openai@6 inside @langchain/openai)', async () => {
    langchainInstrumentation.disable();
    try {
      queueRetrieverReplies(wire);
      await scenarios.runRetrieverChain(lc, wire.baseURL);
      const chats = finishedSpans().filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
      expect(chats.map((span) => span.instrumentationScope.name)).toEqual([
        'genai-otel/instrumentation-openai',
      ]);
      expect(finishedSpans()).toHaveLength(1);
    } finally {
      langchainInstrumentation.enable();
    }
  });
});
