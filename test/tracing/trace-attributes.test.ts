import { context, propagation, trace } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { startSpan } from '../../src/tracing/start-span';
import { withTraceAttributes } from '../../src/tracing/trace-attributes';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness({ readBaggage: false });

describe('withTraceAttributes', () => {
  it('puts the attributes on every span started inside, including plain OpenTelemetry spans', async () => {
    await withTraceAttributes(
      {
        conversationId: 'conv-1',
        userId: 'u-1',
        sessionId: 's-1',
        tags: ['beta'],
        metadata: { plan: 'pro', seats: 3, extra: { a: 1 } },
      },
      async () => {
        await startSpan('manual', {}, async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          trace.getTracer('someone-else').startSpan('plain-inside').end();
        });
      },
    );
    trace.getTracer('someone-else').startSpan('plain-outside').end();
    const expected = {
      'gen_ai.conversation.id': 'conv-1',
      'user.id': 'u-1',
      'session.id': 's-1',
      'genai_otel.tags': ['beta'],
      'genai_otel.metadata.plan': 'pro',
      'genai_otel.metadata.seats': 3,
      'genai_otel.metadata.extra': '{"a":1}',
    };
    expect(h.span('manual').attributes).toMatchObject(expected);
    expect(h.span('plain-inside').attributes).toMatchObject(expected);
    expect(h.span('plain-outside').attributes['user.id']).toBeUndefined();
  });

  it('merges nested calls: inner values win, tags accumulate', () => {
    withTraceAttributes({ userId: 'outer', tags: ['a'], metadata: { x: 1 } }, () =>
      withTraceAttributes({ userId: 'inner', tags: ['b', 'a'], metadata: { y: 2 } }, () => {
        trace.getTracer('t').startSpan('nested').end();
      }),
    );
    expect(h.span('nested').attributes).toMatchObject({
      'user.id': 'inner',
      'genai_otel.tags': ['a', 'b'],
      'genai_otel.metadata.x': 1,
      'genai_otel.metadata.y': 2,
    });
  });

  it('keeps attributes a span already set at start', () => {
    withTraceAttributes({ conversationId: 'from-app' }, () => {
      trace
        .getTracer('t')
        .startSpan('own-conversation', { attributes: { 'gen_ai.conversation.id': 'from-sdk' } })
        .end();
    });
    expect(h.span('own-conversation').attributes['gen_ai.conversation.id']).toBe('from-sdk');
  });

  it('adds nothing to baggage unless asked', () => {
    const carrier: Record<string, string> = {};
    withTraceAttributes({ userId: 'u-1' }, () => propagation.inject(context.active(), carrier));
    expect(carrier.baggage).toBeUndefined();
  });

  it('puts the values in W3C baggage when asked', () => {
    const carrier: Record<string, string> = {};
    withTraceAttributes({ userId: 'u-1', tags: ['a', 'b'] }, { asBaggage: true }, () =>
      new W3CBaggagePropagator().inject(context.active(), carrier, {
        set: (c, k, v) => {
          (c as Record<string, string>)[k] = v;
        },
      }),
    );
    expect(carrier.baggage).toContain('user.id=u-1');
    expect(carrier.baggage).toContain('genai_otel.tags=a%2Cb');
  });
});
