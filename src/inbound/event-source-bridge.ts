import { randomUUID } from 'node:crypto';
import { type Attributes, diag } from '@opentelemetry/api';
import type { TokenUsage } from '../genai/inference-types';
import {
  ATTR_EVENT_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
} from '../genai/semconv';
import { usageAttributes } from '../genai/usage-attributes';
import type { TracedKind } from '../tracing/span-options';
import { RunTracker, type RunTrackerOptions } from './run-tracker';
import { SkippedRuns } from './skipped-runs';

/** How one foreign event type is traced. */
export interface BridgedEventKind {
  kind: TracedKind | 'chunking';
}

/** Options of {@link EventSourceBridge}. */
export interface EventSourceBridgeOptions extends RunTrackerOptions {
  /** Event types whose starts (and so their ends) are not traced; their children attach to the nearest traced ancestor. */
  ignoreEventStarts?: readonly string[];
  /** Event types whose ends are not waited for: the span is a point in time, at its start. */
  ignoreEventEnds?: readonly string[];
  /** Event type → kind of span, merged over the defaults (LlamaIndex `CBEventType` names). Unknown types become `task` spans. */
  eventKinds?: Record<string, BridgedEventKind>;
  /** `gen_ai.provider.name` of model calls whose payload does not say (e.g. `openai`); needed for cost. */
  provider?: string;
  /** Use this tracker instead of a new one (to share ids with other bridged code). */
  tracker?: RunTracker;
}

type Payload = Record<string, unknown> | undefined | null;

/** LlamaIndex `CBEventType` values → span kinds. */
const DEFAULT_KINDS: Readonly<Record<string, BridgedEventKind>> = {
  llm: { kind: 'llm' },
  embedding: { kind: 'embeddings' },
  retrieve: { kind: 'retrieval' },
  function_call: { kind: 'tool' },
  agent_step: { kind: 'agent' },
  chunking: { kind: 'chunking' },
  query: { kind: 'workflow' },
};

const DEFAULTS_KEY = Symbol.for('genai-otel.event-bridge-defaults.v1');
type GlobalWithDefaults = typeof globalThis & {
  [DEFAULTS_KEY]?: { ignoreEventStarts?: readonly string[]; ignoreEventEnds?: readonly string[] };
};

/** Default ignore lists for bridges created later (`register({ events })` and saved configuration set them). */
export function setEventBridgeDefaults(defaults: {
  ignoreEventStarts?: readonly string[];
  ignoreEventEnds?: readonly string[];
}): void {
  (globalThis as GlobalWithDefaults)[DEFAULTS_KEY] = { ...defaults };
}

/**
 * Bridges any start/end callback system into spans — and so into events, cost and run summaries —
 * in the LlamaIndex callback-handler shape: `startEvent(type, payload, eventId, parentId)` and
 * `endEvent(type, payload, eventId)`. Parenting comes from the ids (a {@link RunTracker} does the
 * bookkeeping: out-of-order events, timeouts, bounded memory). Payload keys understood:
 * `messages`, `formatted_prompt`, `completion`, `response` (with `raw.usage`, `raw.model`),
 * `serialized` (model), `query_str`, `nodes`, `chunks`, `tool`, `function_call`,
 * `function_call_response`, `embeddings`, `exception`, plus `usage`, `model`, `provider`, `name`.
 * Content goes on spans only when content capture is on. Never throws.
 *
 * @example
 * const bridge = new EventSourceBridge({ provider: 'openai', ignoreEventStarts: ['templating'] });
 * class OtelHandler extends BaseCallbackHandler {
 *   on_event_start(type, payload, eventId, parentId) { return bridge.startEvent(type, payload, eventId, parentId); }
 *   on_event_end(type, payload, eventId) { bridge.endEvent(type, payload, eventId); }
 * }
 */
export class EventSourceBridge {
  readonly tracker: RunTracker;
  private readonly ignoreStarts: ReadonlySet<string>;
  private readonly ignoreEnds: ReadonlySet<string>;
  private readonly kinds: Readonly<Record<string, BridgedEventKind>>;
  private readonly provider: string | undefined;
  /** Events of ignored types, so their children attach to the nearest traced ancestor. */
  private readonly ignored = new SkippedRuns();

  constructor(options: EventSourceBridgeOptions = {}) {
    const defaults = (globalThis as GlobalWithDefaults)[DEFAULTS_KEY] ?? {};
    this.tracker = options.tracker ?? new RunTracker(options);
    this.ignoreStarts = new Set(options.ignoreEventStarts ?? defaults.ignoreEventStarts ?? []);
    this.ignoreEnds = new Set(options.ignoreEventEnds ?? defaults.ignoreEventEnds ?? []);
    this.kinds = { ...DEFAULT_KINDS, ...options.eventKinds };
    this.provider = options.provider;
  }

  /** An event started. Returns its id (a new UUID when none was given), as LlamaIndex handlers do. */
  startEvent(type: string, payload?: Payload, eventId?: string, parentId?: string | null): string {
    const id = eventId ?? randomUUID();
    try {
      const parent = this.resolveParent(parentId ?? undefined);
      if (this.ignoreStarts.has(type)) {
        this.ignored.skip(id, parent);
        return id;
      }
      const { kind } = this.kinds[type] ?? { kind: 'task' };
      const { attributes, input, name } = this.startFacts(kind, type, payload ?? {});
      const startTime = Date.now();
      this.tracker.start(id, parent, kind === 'chunking' ? 'task' : kind, attributes, {
        name,
        startTime,
        ...(input === undefined ? {} : { input }),
      });
      // Its end will never be reported: a point in time, so it cannot dangle until the timeout.
      if (this.ignoreEnds.has(type)) this.tracker.end(id, undefined, { endTime: startTime });
    } catch (error) {
      diag.error('genai-otel: EventSourceBridge.startEvent failed', error);
    }
    return id;
  }

  /** An event ended; `payload.exception` (or an `error`) marks it failed. */
  endEvent(type: string, payload?: Payload, eventId?: string): void {
    try {
      if (eventId === undefined) return;
      if (this.ignored.forget(eventId)) return;
      if (this.ignoreStarts.has(type) || this.ignoreEnds.has(type)) return;
      const data = payload ?? {};
      const failure = data.exception ?? data.error;
      if (failure !== undefined && failure !== null) {
        this.tracker.fail(eventId, failure);
        return;
      }
      const { kind } = this.kinds[type] ?? { kind: 'task' };
      const { output, attributes } = endFacts(kind, data);
      this.tracker.end(eventId, output, { attributes });
    } catch (error) {
      diag.error('genai-otel: EventSourceBridge.endEvent failed', error);
    }
  }

  /** Closes every open event's span (marked timed out); call at shutdown. */
  closeAll(): void {
    this.tracker.closeAll();
    this.ignored.clear();
  }

  private resolveParent(parentId: string | undefined): string | undefined {
    // LlamaIndex uses a "root" sentinel for top-level events.
    const parent = this.ignored.visibleParent(parentId);
    return parent === 'root' ? undefined : parent;
  }

  private startFacts(
    kind: BridgedEventKind['kind'],
    type: string,
    payload: Record<string, unknown>,
  ): { attributes: Attributes; input?: unknown; name?: string } {
    const attributes: Attributes = { [ATTR_EVENT_TYPE]: type };
    const serialized = record(payload.serialized);
    switch (kind) {
      case 'llm': {
        const model = text(payload.model) ?? text(serialized?.model) ?? text(serialized?.model_name);
        const provider = text(payload.provider) ?? this.provider;
        attributes[ATTR_GEN_AI_OPERATION_NAME] = 'chat';
        if (provider) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
        if (model) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
        return { attributes, input: payload.messages ?? payload.formatted_prompt ?? payload.prompt };
      }
      case 'embeddings': {
        const model = text(payload.model) ?? text(serialized?.model_name) ?? text(serialized?.model);
        const provider = text(payload.provider) ?? this.provider;
        if (provider) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
        if (model) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
        return { attributes };
      }
      case 'retrieval':
        return { attributes, input: payload.query_str ?? payload.query };
      case 'tool': {
        const tool = record(payload.tool);
        const name = text(tool?.name) ?? text(payload.tool_name) ?? text(payload.name) ?? type;
        attributes[ATTR_GEN_AI_TOOL_NAME] = name;
        const description = text(tool?.description);
        if (description) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = description;
        const callId = text(payload.tool_call_id) ?? text(payload.call_id);
        if (callId) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = callId;
        return { attributes, input: payload.function_call ?? payload.arguments ?? payload.input };
      }
      case 'agent': {
        const name = text(payload.agent_name) ?? text(payload.name);
        if (name) attributes[ATTR_GEN_AI_AGENT_NAME] = name;
        return { attributes, input: payload.messages ?? payload.query_str ?? payload.input };
      }
      case 'workflow':
        attributes[ATTR_GEN_AI_WORKFLOW_NAME] = text(payload.name) ?? type;
        return { attributes, input: payload.query_str ?? payload.input };
      case 'chunking':
        attributes[ATTR_GEN_AI_OPERATION_NAME] = 'chunking';
        return { attributes, name: 'chunking' };
      default:
        return { attributes, input: payload.query_str ?? payload.input, name: type };
    }
  }
}

function endFacts(
  kind: BridgedEventKind['kind'],
  payload: Record<string, unknown>,
): { output: unknown; attributes: Attributes } {
  const attributes: Attributes = {};
  switch (kind) {
    case 'llm': {
      const response = record(payload.response);
      const raw = record(response?.raw);
      const usage = record(payload.usage) ?? record(raw?.usage) ?? record(response?.usage);
      if (usage !== undefined) {
        // OpenAI-style (`prompt_tokens` …) or Anthropic-style (`input_tokens` …) counts.
        const tokens: TokenUsage = {
          inputTokens: num(usage.prompt_tokens) ?? num(usage.input_tokens),
          outputTokens: num(usage.completion_tokens) ?? num(usage.output_tokens),
          cacheReadInputTokens:
            num(record(usage.prompt_tokens_details)?.cached_tokens) ?? num(usage.cache_read_input_tokens),
          reasoningOutputTokens: num(record(usage.completion_tokens_details)?.reasoning_tokens),
        };
        Object.assign(attributes, usageAttributes(tokens));
      }
      const model = text(raw?.model) ?? text(payload.response_model);
      if (model) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = model;
      const message = record(response?.message);
      const output = message ?? response?.text ?? payload.completion ?? payload.response;
      return { output, attributes };
    }
    case 'tool':
      return { output: payload.function_call_response ?? payload.output, attributes };
    case 'retrieval':
      return { output: payload.nodes ?? payload.documents, attributes };
    case 'embeddings':
      return { output: payload.embeddings, attributes };
    case 'chunking':
      return { output: payload.chunks, attributes };
    default:
      return { output: payload.response ?? payload.output, attributes };
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
