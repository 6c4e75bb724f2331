import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { startSpan } from '../../src/tracing/start-span';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();

describe('startSpan under an explicit parent', () => {
  it('accepts a span, a span context, a context and a traceparent string', () => {
    const parent = trace.getTracer('t').startSpan('parent');
    const parentId = parent.spanContext().spanId;
    startSpan('from-span', { parent }, () => {});
    startSpan('from-span-context', { parent: parent.spanContext() }, () => {});
    startSpan('from-context', { parent: trace.setSpan(ROOT_CONTEXT, parent) }, () => {});
    parent.end();
    for (const name of ['from-span', 'from-span-context', 'from-context']) {
      expect(h.span(name).parentSpanContext?.spanId, name).toBe(parentId);
    }

    startSpan(
      'from-traceparent',
      { parent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      () => {},
    );
    const remote = h.span('from-traceparent');
    expect(remote.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(remote.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(remote.parentSpanContext?.isRemote).toBe(true);
  });

  it('wins over the active span, and null starts a new trace', () => {
    const other = trace.getTracer('t').startSpan('other');
    const active = trace.getTracer('t').startSpan('active');
    context.with(trace.setSpan(context.active(), active), () => {
      startSpan('reparented', { parent: other }, () => {});
      startSpan('new-root', { parent: null }, () => {});
    });
    other.end();
    active.end();
    expect(h.span('reparented').parentSpanContext?.spanId).toBe(other.spanContext().spanId);
    expect(h.span('new-root').parentSpanContext).toBeUndefined();
    expect(h.span('new-root').spanContext().traceId).not.toBe(active.spanContext().traceId);
  });

  it('falls back to the active span for an invalid traceparent, with a diag warning', () => {
    startSpan('bad-parent', { parent: 'not-a-traceparent' }, () => {});
    expect(h.span('bad-parent').parentSpanContext).toBeUndefined();
    expect(h.diagMessages.some((message) => message.includes('invalid traceparent'))).toBe(true);
  });
});
