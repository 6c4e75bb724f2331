import { type Context, diag, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_GEN_AI_AGENT_NAME } from '../genai/semconv';
import { eventBus } from './event-bus';
import type { AgentActionEvent, EventCategory } from './event-types';
import { getRunAccumulator, type RunAccumulator } from './run-accumulator';
import { categoryOf, spanToEvent, startEventType } from './span-to-event';
import { forgetTokenState } from './token-events';

interface OpenSpanInfo {
  category: EventCategory | undefined;
  /** The nearest enclosing agent span (the span itself, for an agent). */
  agent: { spanId: string; name: string | undefined } | undefined;
  run: RunAccumulator | undefined;
}

/**
 * What is remembered of an open span: its category alone when it has no agent and no run (most
 * model calls: nothing to allocate per span), the whole {@link OpenSpanInfo} otherwise.
 */
type OpenSpanEntry = OpenSpanInfo | EventCategory;

/** Open spans remembered for ancestry (agent of a tool, run of a call); the oldest go first beyond it. */
const MAX_OPEN_SPANS = 50_000;

/**
 * Turns the lifecycle of GenAI spans into events (`llm.start`, `tool.end`, `agent.finish` …)
 * for {@link onEvent} subscribers and {@link events} streams, whatever produced the span — an
 * instrumentation, the manual API or a callback bridge — so spans and events never disagree.
 * Also feeds the totals of {@link withRun} runs. (Pricing is the recorder's: every model call,
 * bridged ones included, is priced once, where its metrics are recorded.)
 *
 * `register()` installs it. With your own SDK:
 *
 * @example
 * new TracerProvider({ spanProcessors: [new GenAIEventSpanProcessor(), new BatchSpanProcessor(exporter)] });
 */
export class GenAIEventSpanProcessor implements SpanProcessor {
  private readonly open = new Map<string, OpenSpanEntry>();

  onStart(span: Span, parentContext: Context): void {
    try {
      const category = categoryOf(span.attributes);
      const spanId = span.spanContext().spanId;
      const parentSpanId = span.parentSpanContext?.spanId;
      const parentEntry = parentSpanId === undefined ? undefined : this.open.get(parentSpanId);
      const parentInfo = typeof parentEntry === 'object' ? parentEntry : undefined;
      const agent =
        category === 'agent'
          ? { spanId, name: span.attributes[ATTR_GEN_AI_AGENT_NAME] as string | undefined }
          : parentInfo?.agent;
      const run = getRunAccumulator(parentContext) ?? parentInfo?.run;
      if (category !== undefined || agent !== undefined || run !== undefined) {
        if (this.open.size >= MAX_OPEN_SPANS) this.open.delete(this.open.keys().next().value as string);
        this.open.set(
          spanId,
          agent === undefined && run === undefined ? (category as EventCategory) : { category, agent, run },
        );
      }
      if (category === undefined) return;
      const bus = eventBus();
      if (!bus.hasSubscribers) return;
      // The agent's decision comes before the tool it starts.
      if (category === 'tool' && agent !== undefined && bus.wants('agent.action')) {
        bus.publish(agentAction(span, agent));
      }
      if (bus.wants(startEventType(category))) bus.publish(spanToEvent(span, category, 'start'));
    } catch (error) {
      diag.debug('genai-otel: could not derive a start event', error);
    }
  }

  onEnd(span: ReadableSpan): void {
    try {
      const spanId = span.spanContext().spanId;
      const entry = this.open.get(spanId);
      if (entry !== undefined) this.open.delete(spanId);
      forgetTokenState(spanId);
      const info = typeof entry === 'object' ? entry : undefined;
      const category = (typeof entry === 'object' ? entry.category : entry) ?? categoryOf(span.attributes);
      if (category === undefined) return;
      if (info?.run !== undefined) feedRun(info.run, span, category);
      const bus = eventBus();
      if (!bus.hasSubscribers) return;
      const event = spanToEvent(span, category, 'end');
      if (bus.wants(event.type)) bus.publish(event);
    } catch (error) {
      diag.debug('genai-otel: could not derive an end event', error);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.open.clear();
    return Promise.resolve();
  }
}

function feedRun(run: RunAccumulator, span: ReadableSpan, category: EventCategory): void {
  const failed = span.status.code === SpanStatusCode.ERROR;
  if (category === 'llm') {
    const event = spanToEvent(span, category, 'end');
    run.addModelCall(event.durationMs ?? 0, failed, event.usage, event.cost);
  } else if (category === 'tool') {
    run.addToolCall(failed);
  }
}

function agentAction(span: Span, agent: { spanId: string; name: string | undefined }): AgentActionEvent {
  const start = spanToEvent(span, 'tool', 'start');
  const event: AgentActionEvent = {
    type: 'agent.action',
    category: 'agent',
    traceId: start.traceId,
    spanId: start.spanId,
    time: start.time,
    agentSpanId: agent.spanId,
  };
  if (start.parentSpanId !== undefined) event.parentSpanId = start.parentSpanId;
  if (agent.name !== undefined) event.agentName = agent.name;
  if (start.toolName !== undefined) event.toolName = start.toolName;
  if (start.toolCallId !== undefined) event.toolCallId = start.toolCallId;
  if (start.input !== undefined) event.input = start.input;
  return event;
}
