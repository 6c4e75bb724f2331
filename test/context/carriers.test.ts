import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { extractTraceContextFromEnv, traceContextEnv } from '../../src/context/env-carrier';
import {
  extractTraceContext,
  injectTraceContext,
  withExtractedContext,
} from '../../src/context/trace-carrier';
import { handleTaskWithContext, withTaskContext } from '../../src/context/worker-task-context';
import { startSpan } from '../../src/tracing/start-span';
import { byName, useContextHarness } from '../support/context-harness';

const harness = useContextHarness();
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

function withTenantBaggage<T>(fn: () => T): T {
  const baggage = propagation.createBaggage({ tenant: { value: 'acme' } });
  return context.with(propagation.setBaggage(context.active(), baggage), fn);
}

describe('inject / extract', () => {
  it('carries trace context and baggage over real HTTP headers to a server on 127.0.0.1', async () => {
    const server = createServer((request, response) => {
      withExtractedContext(request.headers, () => {
        startSpan('handle request', (span) => {
          span.setAttribute(
            'app.tenant',
            propagation.getActiveBaggage()?.getEntry('tenant')?.value ?? 'none',
          );
        });
      });
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await withTenantBaggage(() =>
        startSpan('call service', async () => {
          const headers = injectTraceContext(new Headers({ accept: 'text/plain' }));
          expect(headers.get('traceparent')).toMatch(TRACEPARENT);
          const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
          expect(await response.text()).toBe('ok');
        }),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const spans = harness.spans();
    const handled = byName(spans, 'handle request');
    expect(handled.parentSpanId).toBe(byName(spans, 'call service').spanId);
    expect(handled.attributes['app.tenant']).toBe('acme');
  });

  it('round-trips through a JSON job payload and an MCP-style params._meta', () => {
    const sent = startSpan('enqueue', () => JSON.stringify({ documentId: 'd1', ...injectTraceContext({}) }));
    const meta = startSpan('tools/call', () => ({
      name: 'search',
      _meta: injectTraceContext({ progressToken: 7 }),
    }));
    withExtractedContext(JSON.parse(sent), () => startSpan('process job', () => {}));
    withExtractedContext(meta._meta, () => startSpan('serve tool', () => {}));
    const spans = harness.spans();
    expect(byName(spans, 'process job').parentSpanId).toBe(byName(spans, 'enqueue').spanId);
    expect(byName(spans, 'serve tool').parentSpanId).toBe(byName(spans, 'tools/call').spanId);
    expect(meta._meta.progressToken).toBe(7);
  });

  it('writes nothing without an active span and extracts the root context from garbage', () => {
    expect(injectTraceContext({})).toEqual({});
    expect(extractTraceContext({ traceparent: 'not-a-traceparent' })).toBe(ROOT_CONTEXT);
    expect(extractTraceContext(undefined)).toBe(ROOT_CONTEXT);
    expect(extractTraceContext({ traceparent: 42 } as unknown as Record<string, unknown>)).toBe(ROOT_CONTEXT);
  });

  it('matches header names case-insensitively', () => {
    const carrier = startSpan('sender', () => injectTraceContext<Record<string, string>>({}));
    const upper = { TraceParent: carrier.traceparent };
    expect(trace.getSpanContext(extractTraceContext(upper))?.spanId).toBe(
      byName(harness.spans(), 'sender').spanId,
    );
  });
});

describe('child-process environment', () => {
  it('sets TRACEPARENT/BAGGAGE, drops stale ones, and reads them back', () => {
    const env = withTenantBaggage(() =>
      startSpan('spawn', () =>
        traceContextEnv({ PATH: '/bin', TRACESTATE: 'stale=1', TRACEPARENT: 'stale' }),
      ),
    );
    expect(env.PATH).toBe('/bin');
    expect(env.TRACEPARENT).toMatch(TRACEPARENT);
    expect(env.TRACESTATE).toBeUndefined();
    expect(env.BAGGAGE).toBe('tenant=acme');
    const extracted = extractTraceContextFromEnv(env);
    expect(trace.getSpanContext(extracted)?.spanId).toBe(byName(harness.spans(), 'spawn').spanId);
    expect(propagation.getBaggage(extracted)?.getEntry('tenant')?.value).toBe('acme');
    expect(extractTraceContextFromEnv({})).toBe(ROOT_CONTEXT);
  });
});

describe('worker task envelopes', () => {
  it('runs each task in its sender context and a bare task in none, whatever is active around the handler', async () => {
    const handle = handleTaskWithContext(async (payload: { n: number }) => {
      await Promise.resolve();
      startSpan(`task ${payload.n}`, () => {});
      return payload.n * 2;
    });
    const task = startSpan('sender', () => structuredClone(withTaskContext({ n: 1 })));
    const results = await startSpan('unrelated', () => Promise.all([handle(task), handle({ n: 2 })]));
    expect(results).toEqual([2, 4]);
    const spans = harness.spans();
    expect(byName(spans, 'task 1').parentSpanId).toBe(byName(spans, 'sender').spanId);
    expect(byName(spans, 'task 2').parentSpanId).toBeUndefined();
  });
});
