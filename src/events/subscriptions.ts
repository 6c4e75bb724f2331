import { diag } from '@opentelemetry/api';
import { type EventHandler, eventBus, type SubscribeOptions } from './event-bus';
import type { EventFilter } from './event-filter';
import type { GenAIEvent, GenAIEventOf, GenAIEventType } from './event-types';
// Subscribing is what makes streamed chunks worth reporting: connect the recorder's chunks.
import './token-events';

/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * Calls `handler` for every event matching `filter` (see {@link EventFilter}), from any source:
 * instrumentations, the manual API, framework bridges. Returns the function that unsubscribes.
 *
 * Handlers run off the call path (never inside the traced call), one event at a time per
 * handler, in order. A handler that throws or rejects loses that event only (reported once to
 * `diag`); an async handler delays only its own next event; each handler has a bounded queue
 * (`maxPending`, default 1000) beyond which its events are dropped and counted
 * (`getEventStats().dropped`). The app, the spans and other handlers are never affected.
 *
 * Events need genai-otel's span processor: `register()` installs it; with your own SDK add
 * `new GenAIEventSpanProcessor()`.
 *
 * @example
 * const stop = onEvent(['llm.end', 'llm.error'], (event) => {
 *   metrics.push({ model: event.responseModel, ms: event.durationMs, usd: event.cost?.totalUsd });
 * });
 * // later
 * stop();
 */
export function onEvent(filter: EventFilter, handler: EventHandler, options?: SubscribeOptions): Unsubscribe {
  if (typeof handler !== 'function') {
    diag.warn('genai-otel: onEvent() needs a handler function; nothing was subscribed');
    return () => {};
  }
  try {
    return eventBus().subscribe(filter, handler, options);
  } catch (error) {
    diag.warn('genai-otel: onEvent() got an invalid filter; nothing was subscribed', error);
    return () => {};
  }
}

function shortcut<T extends GenAIEventType>(type: T) {
  return (handler: EventHandler<GenAIEventOf<T>>, options?: SubscribeOptions): Unsubscribe =>
    onEvent(type, handler as EventHandler<GenAIEvent>, options);
}

/** A model call started. */
export const onLLMStart = shortcut('llm.start');
/** The first chunk of a streamed model call arrived. */
export const onLLMFirstToken = shortcut('llm.first_token');
/** Every streamed chunk (opt-in, high volume); `text` only when content capture is on. */
export const onLLMToken = shortcut('llm.token');
/** A model call finished: usage, cost, finish reasons, timings. */
export const onLLMEnd = shortcut('llm.end');
/** A model call failed. */
export const onLLMError = shortcut('llm.error');
/** A tool started. */
export const onToolStart = shortcut('tool.start');
/** A tool returned. */
export const onToolEnd = shortcut('tool.end');
/** A tool threw. */
export const onToolError = shortcut('tool.error');
/** An agent started. */
export const onAgentStart = shortcut('agent.start');
/** An agent started a tool. */
export const onAgentAction = shortcut('agent.action');
/** An agent finished. */
export const onAgentFinish = shortcut('agent.finish');
/** An agent failed. */
export const onAgentError = shortcut('agent.error');
/** A retrieval finished. */
export const onRetrievalEnd = shortcut('retrieval.end');
/** A {@link withRun} run ended; the event carries its summary. */
export const onRunSummary = shortcut('run.summary');
