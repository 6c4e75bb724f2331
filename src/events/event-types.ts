import type { LLMCost } from '../cost/llm-cost';
import type { TokenUsage } from '../genai/inference-types';

/** The families of GenAI work that produce lifecycle events. */
export type EventCategory = 'llm' | 'tool' | 'agent' | 'retrieval' | 'embeddings' | 'chunking';

/** Event types derived from a span starting, ending, or ending with an error. */
export type SpanEventType =
  | 'llm.start'
  | 'llm.end'
  | 'llm.error'
  | 'tool.start'
  | 'tool.end'
  | 'tool.error'
  | 'agent.start'
  | 'agent.finish'
  | 'agent.error'
  | 'retrieval.start'
  | 'retrieval.end'
  | 'retrieval.error'
  | 'embeddings.start'
  | 'embeddings.end'
  | 'embeddings.error'
  | 'chunking.start'
  | 'chunking.end'
  | 'chunking.error';

/** Every event type. `llm.token` is opt-in: only subscriptions that name it receive it. */
export type GenAIEventType =
  | SpanEventType
  | 'llm.first_token'
  | 'llm.token'
  | 'agent.action'
  | 'run.start'
  | 'run.summary';

/** Where an event sits in the trace; the ids are the span's own (hex), so events and spans match. */
export interface EventIdentity {
  traceId: string;
  spanId: string;
  /** Absent for a root span. */
  parentSpanId?: string;
  /** When the event happened, epoch milliseconds. */
  time: number;
}

/** What went wrong, from the span's status and `error.type`. */
export interface EventError {
  /** `error.type`: an exception class name, an HTTP status, `timeout` … */
  type: string;
  message?: string;
}

/**
 * A span of GenAI work starting or ending. Built from the span itself, so it never says more than
 * the span: content (`input`, `output`) is there only when content capture recorded it.
 */
export interface SpanLifecycleEvent<T extends SpanEventType = SpanEventType> extends EventIdentity {
  type: T;
  category: EventCategory;
  /** The span name, e.g. `chat gpt-4o-mini`, `execute_tool get_weather`. */
  name: string;
  /** `gen_ai.operation.name`. */
  operation?: string;
  /** Span start, epoch ms. */
  startTime: number;
  /** Span end, epoch ms (end and error events). */
  endTime?: number;
  durationMs?: number;
  /** `ok`, `error`, or `unset` (start events, and spans that set no status). */
  status: 'ok' | 'error' | 'unset';
  error?: EventError;
  /** `gen_ai.provider.name`. */
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  finishReasons?: string[];
  usage?: TokenUsage;
  /** The call's cost, when its model is priced (docs/cost.md); never a made-up 0. */
  cost?: LLMCost;
  /** Seconds, for streamed model calls. */
  timeToFirstChunk?: number;
  toolName?: string;
  toolCallId?: string;
  agentName?: string;
  agentId?: string;
  dataSourceId?: string;
  conversationId?: string;
  /** Content (messages, tool arguments, query …), parsed from the span; only when captured. */
  input?: unknown;
  /** Content (messages, tool result, documents …), parsed from the span; only when captured. */
  output?: unknown;
}

/** The first streamed chunk of a model call (`llm.first_token`), or any chunk (`llm.token`, opt-in). */
export interface LLMTokenEvent extends EventIdentity {
  type: 'llm.first_token' | 'llm.token';
  category: 'llm';
  /** 1 for the first chunk. */
  index: number;
  /** Time from the start of the call, ms. */
  sinceStartMs?: number;
  /** The chunk's text, only when content capture is on for the call. */
  text?: string;
}

/** An agent started a tool: a tool span began under an agent span. */
export interface AgentActionEvent extends EventIdentity {
  type: 'agent.action';
  category: 'agent';
  /** The agent span's id (the tool span is `spanId`). */
  agentSpanId: string;
  agentName?: string;
  toolName?: string;
  toolCallId?: string;
  /** Tool arguments, only when captured. */
  input?: unknown;
}

/** Totals of a {@link withRun} run. */
export interface RunSummary {
  /** Model calls (`llm.end` + `llm.error`). */
  calls: number;
  /** Model calls that failed. */
  errors: number;
  toolCalls: number;
  toolErrors: number;
  usage: Required<TokenUsage>;
  /** Sum of the calls' costs in USD; absent when no call could be priced. */
  costUsd?: number;
  /** Calls that had usage but no price (unknown model), so `costUsd` leaves them out. */
  unpricedCalls: number;
  /** Model-call latency percentiles, ms (absent with no calls). */
  latencyMs?: { p50: number; p90: number; p99: number; max: number };
  /** Wall time of the run, ms. */
  durationMs: number;
}

/** A {@link withRun} run began (`run.start`) or ended with its summary (`run.summary`). */
export interface RunEvent extends EventIdentity {
  type: 'run.start' | 'run.summary';
  category: 'run';
  runName: string;
  /** The run's parameters, as given. */
  params: Record<string, string | number | boolean>;
  status: 'ok' | 'error' | 'unset';
  error?: EventError;
  /** Only on `run.summary`. */
  summary?: RunSummary;
}

/** Any event genai-otel delivers. JSON-safe: plain objects, strings, numbers, booleans. */
export type GenAIEvent = SpanLifecycleEvent | LLMTokenEvent | AgentActionEvent | RunEvent;

/** The event type delivered for each type name, for typed handlers. */
export type GenAIEventOf<T extends GenAIEventType> = T extends SpanEventType
  ? SpanLifecycleEvent<T>
  : T extends 'llm.first_token' | 'llm.token'
    ? LLMTokenEvent & { type: T }
    : T extends 'agent.action'
      ? AgentActionEvent
      : T extends 'run.start' | 'run.summary'
        ? RunEvent & { type: T }
        : never;
