import { context, defaultTextMapGetter, propagation, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withTraceAttributes } from '../../src/tracing/trace-attributes';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness({ readBaggage: true });

describe('TraceAttributesSpanProcessor with readBaggage', () => {
  it('applies trace attributes that arrived as baggage from upstream, in-process values winning', () => {
    const incoming = propagation.extract(
      context.active(),
      { baggage: 'user.id=upstream,session.id=s-9,genai_otel.tags=a%2Cb,unrelated=x' },
      defaultTextMapGetter,
    );
    context.with(incoming, () => {
      trace.getTracer('t').startSpan('downstream').end();
      withTraceAttributes({ userId: 'local' }, () => trace.getTracer('t').startSpan('overridden').end());
    });
    expect(h.span('downstream').attributes).toMatchObject({
      'user.id': 'upstream',
      'session.id': 's-9',
      'genai_otel.tags': ['a', 'b'],
    });
    expect(h.span('downstream').attributes.unrelated).toBeUndefined();
    expect(h.span('overridden').attributes['user.id']).toBe('local');
  });
});
