import { SpanKind, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  collectMetrics,
  finishedSpans,
  meterProvider,
  resetTelemetry,
} from '../support/instrumentation-telemetry';
import { checkMetrics, checkSpans, describeViolations } from './conformance-checker';
import { loadConventionsModel, MODEL_FILES } from './conventions-model';

const released = loadConventionsModel(MODEL_FILES.released);
const latest = loadConventionsModel(MODEL_FILES.latest);

beforeEach(() => {
  resetTelemetry();
});

function span(name: string, kind: SpanKind, attributes: Record<string, unknown>): void {
  trace
    .getTracer('conformance-checker-test')
    .startSpan(name, { kind, attributes: attributes as never })
    .end();
}

describe('the conformance checker', () => {
  it('finds what a conforming span lacks or has too much of', () => {
    span('invoke_agent researcher', SpanKind.INTERNAL, {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'researcher',
      'gen_ai.workflow.name': 'trip_planner',
    });
    span('chat', SpanKind.CLIENT, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'open_ai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 1.5,
      'gen_ai.usage.cache_creation.input_tokens': 10,
      'server.address': 'api.openai.com',
    });
    expect(describeViolations(checkSpans(released, finishedSpans()))).toEqual([
      'span "invoke_agent researcher": required attribute gen_ai.provider.name missing',
      'span "invoke_agent researcher": attribute gen_ai.workflow.name is not an attribute of gen_ai.invoke_agent.internal',
      'span "chat": attribute gen_ai.provider.name: "open_ai" is spelled "openai" in the conventions',
      'span "chat": attribute gen_ai.request.max_tokens: expected an int, got 1.5',
      'span "chat": name should be "chat gpt-4o-mini" ({gen_ai.operation.name} {gen_ai.request.model})',
      'span "chat": server.port missing although server.address is set',
    ]);
  });

  it('takes a provider’s own value of an open enum, not an operation the conventions do not name', () => {
    span('chat gpt-4o-mini', SpanKind.CLIENT, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'openai.request.service_tier': 'flex',
    });
    span('summarize', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'summarize' });
    expect(describeViolations(checkSpans(released, finishedSpans()))).toEqual([
      'span "summarize": attribute gen_ai.operation.name: "summarize" is not one of the values the conventions spell (chat, create_agent, embeddings, execute_tool, generate_content, invoke_agent, invoke_workflow, retrieval, text_completion)',
      'span "summarize": no span type of v1.41 covers operation "summarize"',
    ]);
  });

  it('leaves our own extensions (`openai_agents.*`) alone, but judges the OpenAI namespace next to it', () => {
    span('handoff Billing', SpanKind.INTERNAL, {
      'openai_agents.span.type': 'handoff',
      'openai_agents.handoff.to_agent': 'Billing',
    });
    span('invoke_agent Triage', SpanKind.INTERNAL, {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'openai',
      'gen_ai.agent.name': 'Triage',
      'openai_agents.agent.handoffs': ['Billing'],
      'openai.agent.handoffs': ['Billing'],
    });
    expect(describeViolations(checkSpans(released, finishedSpans()))).toEqual([
      'span "invoke_agent Triage": attribute openai.agent.handoffs is not defined in v1.41',
      'span "invoke_agent Triage": attribute openai.agent.handoffs is not an attribute of gen_ai.invoke_agent.internal',
    ]);
  });

  it('tells the versions apart: the released cache-creation name is no draft name, the draft names no released ones', () => {
    span('chat m', SpanKind.CLIENT, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'm',
      'gen_ai.usage.cache_creation.input_tokens': 10,
      'gen_ai.request.reasoning.level': 'high',
    });
    expect(describeViolations(checkSpans(latest, finishedSpans()))).toEqual([
      'span "chat m": attribute gen_ai.usage.cache_creation.input_tokens is not defined in genai-main',
      'span "chat m": attribute gen_ai.usage.cache_creation.input_tokens is not an attribute of gen_ai.inference.client',
    ]);
    expect(describeViolations(checkSpans(released, finishedSpans()))).toEqual([
      'span "chat m": attribute gen_ai.request.reasoning.level is not defined in v1.41',
      'span "chat m": attribute gen_ai.request.reasoning.level is not an attribute of gen_ai.inference.client',
    ]);
  });

  it('checks metric units, buckets and attribute sets', async () => {
    const meter = meterProvider.getMeter('conformance-checker-test');
    meter
      .createHistogram('gen_ai.client.operation.duration', { unit: 'ms' })
      .record(12, { 'gen_ai.operation.name': 'chat', 'openai.response.service_tier': 'default' });
    const violations = describeViolations(checkMetrics(released, [await collectMetrics()]));
    expect(violations).toContain('metric gen_ai.client.operation.duration: unit "ms", expected "s"');
    expect(violations).toContain(
      'metric gen_ai.client.operation.duration: required attribute gen_ai.provider.name missing',
    );
    expect(violations).toContain(
      'metric gen_ai.client.operation.duration: attribute openai.response.service_tier is not an attribute of this metric',
    );
    expect(violations.some((line) => line.includes('bucket boundaries'))).toBe(true);
  });
});
