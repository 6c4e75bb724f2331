import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { RunTracker } from '../../src/inbound/run-tracker';
import { withTraceAttributes } from '../../src/tracing/trace-attributes';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();

/** A tracker on a hand-driven clock, so timeouts are tested without waiting. */
function trackerAt(start = 1_700_000_000_000, options: ConstructorParameters<typeof RunTracker>[0] = {}) {
  const clock = { now: start };
  const tracker = new RunTracker({
    now: () => clock.now,
    timeoutMs: 60_000,
    parentWaitMs: 5_000,
    ...options,
  });
  return { tracker, clock };
}

const parentIdOf = (name: string) => h.span(name).parentSpanContext?.spanId;
const idOf = (name: string) => h.span(name).spanContext().spanId;

describe('RunTracker', () => {
  it('builds the tree from run ids, not from the async context events arrive in', async () => {
    const { tracker } = trackerAt();
    const unrelated = trace.getTracer('t').startSpan('unrelated');
    tracker.start('chain', undefined, 'workflow', { 'gen_ai.workflow.name': 'qa' });
    await context.with(trace.setSpan(context.active(), unrelated), async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      tracker.start('tool', 'chain', 'tool', { 'gen_ai.tool.name': 'search' });
      tracker.end('tool', 'results');
    });
    tracker.end('chain');
    unrelated.end();
    expect(parentIdOf('execute_tool search')).toBe(idOf('invoke_workflow qa'));
    expect(h.span('execute_tool search').attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'genai_otel.run.id': 'tool',
    });
    expect(tracker.openRunCount).toBe(0);
  });

  it('times runs that start and end as their events arrive to below a millisecond', () => {
    const tracker = new RunTracker(); // the real clock
    tracker.start('chain', undefined, 'workflow', { 'gen_ai.workflow.name': 'qa' });
    tracker.start('tool', 'chain', 'tool', { 'gen_ai.tool.name': 'lookup' });
    const busyUntil = performance.now() + 0.3;
    while (performance.now() < busyUntil) {} // a tool that takes ~0.3 ms
    tracker.end('tool');
    tracker.end('chain');
    const [seconds, nanos] = h.span('execute_tool lookup').duration;
    const durationNanos = seconds * 1e9 + nanos;
    expect(durationNanos).toBeGreaterThanOrEqual(250_000);
    // Not whole milliseconds: timed by the SDK's fine clock, not Date.now().
    expect(durationNanos % 1_000_000).not.toBe(0);
    expect(parentIdOf('execute_tool lookup')).toBe(idOf('invoke_workflow qa'));
  });

  it('handles a child that starts before its parent, and an end before its start', () => {
    const { tracker, clock } = trackerAt();
    tracker.start('child', 'parent', 'task', {}, { name: 'child' });
    clock.now += 10;
    tracker.end('grandchild');
    clock.now += 10;
    tracker.start('grandchild', 'child', 'task', {}, { name: 'grandchild', startTime: clock.now - 15 });
    // Both wait for their ancestors: no span exists yet.
    expect(h.counter.started.size).toBe(0);
    clock.now += 10;
    tracker.start(
      'parent',
      undefined,
      'agent',
      { 'gen_ai.agent.name': 'bot' },
      { startTime: clock.now - 100 },
    );
    tracker.end('child');
    tracker.end('parent');
    expect(parentIdOf('child')).toBe(idOf('invoke_agent bot'));
    expect(parentIdOf('grandchild')).toBe(idOf('child'));
    const grandchild = h.span('grandchild');
    // Ended at its own (early) end time, clamped so the duration is never negative.
    expect(grandchild.duration[0] * 1e9 + grandchild.duration[1]).toBeGreaterThanOrEqual(0);
    expect(tracker.openRunCount).toBe(0);
  });

  it('parents a child that starts after its parent ended', () => {
    const { tracker } = trackerAt();
    tracker.start('parent', undefined, 'task', {}, { name: 'parent' });
    tracker.end('parent');
    tracker.start('late', 'parent', 'task', {}, { name: 'late' });
    tracker.end('late');
    expect(parentIdOf('late')).toBe(idOf('parent'));
  });

  it('makes a run whose parent never starts a root after parentWaitMs, marked', () => {
    const { tracker, clock } = trackerAt();
    tracker.start('orphan', 'ghost', 'task', {}, { name: 'orphan' });
    tracker.sweep();
    expect(h.openSpanNames()).toEqual([]);
    clock.now += 5_000;
    tracker.sweep();
    h.expectOpen('orphan');
    tracker.end('orphan');
    const orphan = h.expectEndedOnce('orphan');
    expect(orphan.attributes['genai_otel.run.missing_parent_id']).toBe('ghost');
  });

  it('closes a run never ended after timeoutMs with an explicit ERROR status', () => {
    const { tracker, clock } = trackerAt();
    tracker.start('stuck', undefined, 'tool', { 'gen_ai.tool.name': 'slow' });
    clock.now += 59_999;
    tracker.sweep();
    h.expectOpen('execute_tool slow');
    clock.now += 1;
    tracker.sweep();
    const span = h.expectEndedOnce('execute_tool slow');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toContain('not ended within 60000 ms');
    expect(span.attributes['genai_otel.run.timed_out']).toBe(true);
    expect(span.attributes['error.type']).toBe('timeout');
    tracker.end('stuck');
    expect(tracker.openRunCount).toBe(0);
  });

  it('records failures, ignores double starts and ends', () => {
    const { tracker } = trackerAt();
    tracker.start('r', undefined, 'task', {}, { name: 'r' });
    tracker.start('r', undefined, 'task', {}, { name: 'r' });
    tracker.fail('r', new TypeError('bad'));
    tracker.end('r');
    const span = h.expectEndedOnce('r');
    expect(span.attributes['error.type']).toBe('TypeError');
  });

  it('keeps memory bounded: the oldest open run is closed, marked evicted', () => {
    const { tracker } = trackerAt(undefined, { maxOpenRuns: 3, maxEndedRuns: 2 });
    for (let i = 0; i < 5; i++) tracker.start(`r${i}`, undefined, 'task', {}, { name: `r${i}` });
    expect(tracker.openRunCount).toBe(3);
    expect(h.expectEndedOnce('r0').attributes['genai_otel.run.evicted']).toBe(true);
    h.expectEndedOnce('r1');
    for (let i = 2; i < 5; i++) tracker.end(`r${i}`);
    expect(tracker.getContext('r0')).toBeUndefined();
    expect(tracker.getContext('r4')).toBeDefined();
  });

  it('remembers an ended run by its ids only: late children still nest, the span object is let go', () => {
    const { tracker } = trackerAt();
    tracker.start('chain', undefined, 'workflow', { 'gen_ai.workflow.name': 'qa' });
    const live = trace.getSpan(tracker.getContext('chain') ?? context.active());
    tracker.end('chain');
    const ended = trace.getSpan(tracker.getContext('chain') ?? context.active());
    expect(ended?.spanContext()).toEqual(h.span('invoke_workflow qa').spanContext());
    // A stand-in with the same ids, not the ended span object with its attributes and events.
    expect(live).toBeDefined();
    expect(ended).not.toBe(live);
    tracker.start('late tool', 'chain', 'tool', { 'gen_ai.tool.name': 'search' });
    tracker.end('late tool');
    expect(parentIdOf('execute_tool search')).toBe(idOf('invoke_workflow qa'));
  });

  it('records input and output only when capture is on; children inherit the root start context', () => {
    const { tracker } = trackerAt();
    withTraceAttributes({ userId: 'u-7' }, () =>
      withContentCapture(true, () =>
        tracker.start('t', undefined, 'tool', { 'gen_ai.tool.name': 'calc' }, { input: { x: 1 } }),
      ),
    );
    tracker.start('child', 't', 'task', {}, { name: 'child' });
    tracker.end('child', 'hidden');
    tracker.end('t', 2);
    const tool = h.span('execute_tool calc');
    expect(tool.attributes).toMatchObject({
      'gen_ai.tool.call.arguments': '{"x":1}',
      'gen_ai.tool.call.result': '2',
      'user.id': 'u-7',
    });
    expect(h.span('child').attributes['user.id']).toBe('u-7');
    expect(h.span('child').attributes['genai_otel.output']).toBe('hidden');

    tracker.start('off', undefined, 'tool', { 'gen_ai.tool.name': 'quiet' }, { input: { x: 1 } });
    tracker.end('off', 3);
    expect(h.span('execute_tool quiet').attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(h.span('execute_tool quiet').attributes['gen_ai.tool.call.result']).toBeUndefined();
  });

  it('closeAll ends everything still open', () => {
    const { tracker } = trackerAt();
    tracker.start('a', undefined, 'task', {}, { name: 'a' });
    tracker.start('b', 'missing', 'task', {}, { name: 'b' });
    tracker.closeAll();
    expect(h.openSpanNames()).toEqual([]);
    expect(
      h
        .spans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('never throws into the caller', () => {
    const { tracker } = trackerAt();
    expect(() => tracker.end('never-started')).not.toThrow();
    expect(() => tracker.start('x', undefined, 'task', { bad: {} as unknown as string })).not.toThrow();
    tracker.end('x');
  });
});
