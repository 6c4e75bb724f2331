import { SpanKind, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { beforeEach, describe, expect, it } from 'vitest';
import { SUPPORTED_OPENAI_AGENTS_VERSIONS } from '../../instrumentations/openai-agents';
import { KNOWN_INSTRUMENTATIONS } from '../../src/instrumentation-registry';
import { finishedSpans, histogram } from '../support/instrumentation-telemetry';
import { response } from '../support/openai-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { agents, resetAgentsTelemetry, useWireServerClient } from './support/load-agents';

const wire = useOpenAIWireServer();
beforeEach(() => {
  resetAgentsTelemetry();
  useWireServerClient(wire.baseURL);
});

function parentOf(span: ReadableSpan | undefined, spans: ReadableSpan[]): ReadableSpan | undefined {
  const parentId = span?.parentSpanContext?.spanId;
  return spans.find((candidate) => candidate.spanContext().spanId === parentId);
}

function named(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.find((span) => span.name === name);
  if (!found) throw new Error(`no span ${name}; got ${spans.map((span) => span.name).join(', ')}`);
  return found;
}

describe('a single agent', () => {
  it('is invoke_workflow → invoke_agent → one chat span per model call, tokens counted once', async () => {
    wire.enqueue('POST /v1/responses', {
      kind: 'json',
      body: response({ text: 'Paris.', usage: { input: 21, output: 3 } }),
    });
    const agent = new agents.Agent({
      name: 'Geographer',
      instructions: 'Answer briefly.',
      model: 'gpt-4.1-mini',
    });
    const result = await agents.run(agent, 'Capital of France?');
    expect(result.finalOutput).toBe('Paris.');

    const spans = finishedSpans();
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    const workflow = named(spans, 'invoke_workflow Agent workflow');
    expect(workflow.parentSpanContext).toBeUndefined();
    const agentSpan = named(spans, 'invoke_agent Geographer');
    expect(parentOf(agentSpan, spans)).toBe(workflow);
    expect(agentSpan.kind).toBe(SpanKind.INTERNAL);
    expect(agentSpan.attributes['gen_ai.operation.name']).toBe('invoke_agent');
    expect(agentSpan.attributes['gen_ai.agent.name']).toBe('Geographer');
    // Required by the conventions; the provider its model calls ran on.
    expect(agentSpan.attributes['gen_ai.provider.name']).toBe('openai');

    const chats = spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats.map((chat) => chat.name)).toEqual(['chat gpt-4.1-mini']);
    expect(parentOf(chats[0], spans)).toBe(agentSpan);
    expect(chats[0]?.kind).toBe(SpanKind.CLIENT);
    expect(chats[0]?.attributes['gen_ai.provider.name']).toBe('openai');
    expect(chats[0]?.attributes['gen_ai.usage.input_tokens']).toBe(21);
    expect(chats[0]?.attributes['gen_ai.usage.output_tokens']).toBe(3);
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => [point.attributes['gen_ai.token.type'], point.sum]).sort()).toEqual([
      ['input', 21],
      ['output', 3],
    ]);
  });

  it('nests under the span active when run() was called, and keeps the user span the SDK runs in', async () => {
    wire.enqueue('POST /v1/responses', { kind: 'json', body: response({ text: 'Ok.' }) });
    const agent = new agents.Agent({ name: 'Helper', model: 'gpt-4.1-mini' });
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('handle request', async (span) => {
      await agents.run(agent, 'hi');
      span.end();
    });
    const spans = finishedSpans();
    const request = named(spans, 'handle request');
    expect(parentOf(named(spans, 'invoke_workflow Agent workflow'), spans)).toBe(request);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

describe('with the SDK tracing turned off', () => {
  it('makes no agent spans, and the model call is still traced once under the app span', async () => {
    wire.enqueue('POST /v1/responses', { kind: 'json', body: response({ text: 'Ok.' }) });
    const agent = new agents.Agent({ name: 'Quiet', model: 'gpt-4.1-mini' });
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('handle request', async (span) => {
      await new agents.Runner({ tracingDisabled: true }).run(agent, 'hi');
      span.end();
    });
    const spans = finishedSpans();
    expect(spans.map((span) => span.name).sort()).toEqual(['chat gpt-4.1-mini', 'handle request']);
    expect(parentOf(named(spans, 'chat gpt-4.1-mini'), spans)).toBe(named(spans, 'handle request'));
  });
});

describe('registration', () => {
  it("is in the registry with the instrumentation's supported versions", () => {
    const entry = KNOWN_INSTRUMENTATIONS.find((candidate) => candidate.name === 'openai-agents');
    expect(entry?.supportedVersions).toEqual(SUPPORTED_OPENAI_AGENTS_VERSIONS);
    expect(entry?.modules).toEqual(['@openai/agents-core']);
  });
});
