import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import {
  withAgent,
  withEmbeddings,
  withRetrieval,
  withTool,
  withWorkflow,
} from '../../src/tracing/genai-helpers';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();

async function runAgent(question: string) {
  return withAgent(
    {
      name: 'trip-planner',
      id: 'agent_1',
      version: '2',
      provider: 'openai',
      model: 'gpt-4o-mini',
      input: question,
    },
    async () => {
      const weather = await withTool(
        {
          name: 'get_weather',
          callId: 'call_1',
          type: 'function',
          description: 'Weather by city',
          arguments: { city: 'Paris' },
        },
        async () => ({ tempC: 21 }),
      );
      const docs = await withRetrieval(
        { dataSourceId: 'guides', topK: 2, query: 'Paris museums' },
        async () => [{ id: 'doc-1', score: 0.9 }],
      );
      return `It is ${weather.tempC}°C; see ${docs[0]?.id}.`;
    },
  );
}

describe('GenAI helpers', () => {
  it('name spans and set attributes per the conventions', async () => {
    await withWorkflow('plan-trip', () => runAgent('What to do in Paris?'));
    const workflow = h.expectEndedOnce('invoke_workflow plan-trip');
    const agent = h.expectEndedOnce('invoke_agent trip-planner');
    const tool = h.expectEndedOnce('execute_tool get_weather');
    const retrieval = h.expectEndedOnce('retrieval guides');

    expect(workflow.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'plan-trip',
    });
    expect(workflow.kind).toBe(SpanKind.INTERNAL);
    expect(agent.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'trip-planner',
      'gen_ai.agent.id': 'agent_1',
      'gen_ai.agent.version': '2',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
    });
    expect(agent.attributes['gen_ai.agent.description']).toBeUndefined();
    expect(tool.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.description': 'Weather by city',
    });
    expect(tool.kind).toBe(SpanKind.INTERNAL);
    expect(retrieval.attributes).toMatchObject({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'guides',
      'gen_ai.request.top_k': 2,
    });
    expect(retrieval.kind).toBe(SpanKind.CLIENT);

    expect(tool.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(retrieval.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(agent.parentSpanContext?.spanId).toBe(workflow.spanContext().spanId);
  });

  it('records no content when capture is off', async () => {
    await runAgent('secret question');
    for (const span of h.spans()) {
      for (const key of [
        'gen_ai.input.messages',
        'gen_ai.output.messages',
        'gen_ai.tool.call.arguments',
        'gen_ai.tool.call.result',
        'gen_ai.retrieval.query.text',
        'gen_ai.retrieval.documents',
      ]) {
        expect(span.attributes[key], `${span.name} ${key}`).toBeUndefined();
      }
    }
  });

  it('records content in the conventions shapes when capture is on', async () => {
    await withContentCapture(true, () => runAgent('What to do in Paris?'));
    const agent = h.span('invoke_agent trip-planner');
    expect(JSON.parse(agent.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'What to do in Paris?' }] },
    ]);
    expect(JSON.parse(agent.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'It is 21°C; see doc-1.' }],
        finish_reason: 'stop',
      },
    ]);
    const tool = h.span('execute_tool get_weather');
    expect(tool.attributes['gen_ai.tool.call.arguments']).toBe('{"city":"Paris"}');
    expect(tool.attributes['gen_ai.tool.call.result']).toBe('{"tempC":21}');
    const retrieval = h.span('retrieval guides');
    expect(retrieval.attributes['gen_ai.retrieval.query.text']).toBe('Paris museums');
    expect(retrieval.attributes['gen_ai.retrieval.documents']).toBe('[{"id":"doc-1","score":0.9}]');
  });

  it('converts chat-style messages to parts and keeps JSON-text tool arguments as they are', () => {
    withContentCapture(true, () => {
      withAgent(
        {
          name: 'chat',
          input: [
            { role: 'system', content: 'Be brief.' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
            },
            { role: 'tool', tool_call_id: 'c1', content: 'ok' },
          ],
        },
        () => withTool({ name: 'f', arguments: '{"a":1}' }, () => 'done'),
      );
    });
    expect(JSON.parse(h.span('invoke_agent chat').attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: { a: 1 } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 'ok' }] },
    ]);
    const tool = h.span('execute_tool f');
    expect(tool.attributes['gen_ai.tool.call.arguments']).toBe('{"a":1}');
    expect(tool.attributes['gen_ai.tool.call.result']).toBe('done');
  });

  it('records tool failures with error.type and rethrows', async () => {
    const error = new Error('city not found');
    await expect(withTool({ name: 'get_weather' }, async () => Promise.reject(error))).rejects.toBe(error);
    const tool = h.expectEndedOnce('execute_tool get_weather');
    expect(tool.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool.attributes['error.type']).toBe('Error');
  });

  it('embeddings: CLIENT span named after the model, dimension recorded without content', async () => {
    await withEmbeddings({ provider: 'ollama', model: 'all-minilm', input: ['a', 'b'] }, async () => [
      [0.1, 0.2, 0.3],
      [0.4, 0.5, 0.6],
    ]);
    const span = h.expectEndedOnce('embeddings all-minilm');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'ollama',
      'gen_ai.request.model': 'all-minilm',
      'gen_ai.embeddings.dimension.count': 3,
    });
    expect(span.attributes['genai_otel.output']).toBeUndefined();
  });

  it('follows an agent that streams its answer', async () => {
    const stream = withAgent({ name: 'streamer' }, async function* () {
      yield 'Hel';
      yield 'lo';
    });
    h.expectOpen('invoke_agent streamer');
    let text = '';
    for await (const part of stream) text += part;
    expect(text).toBe('Hello');
    h.expectEndedOnce('invoke_agent streamer');
  });

  it('names an agent without name invoke_agent', () => {
    withAgent({}, () => 1);
    h.expectEndedOnce('invoke_agent');
  });
});
