import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_OPENAI_AGENTS_AGENT_HANDOFFS,
  ATTR_OPENAI_AGENTS_AGENT_OUTPUT_TYPE,
  ATTR_OPENAI_AGENTS_AGENT_TOOLS,
  ATTR_OPENAI_AGENTS_GUARDRAIL_NAME,
  ATTR_OPENAI_AGENTS_GUARDRAIL_TRIGGERED,
  ATTR_OPENAI_AGENTS_HANDOFF_FROM_AGENT,
  ATTR_OPENAI_AGENTS_HANDOFF_TO_AGENT,
  ATTR_OPENAI_AGENTS_SPAN_TYPE,
  GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
} from '../../src/genai/semconv';
import type { TracedKind } from '../../src/tracing/span-options';
import type { AgentsSpanData } from './internal-types';

/**
 * How one SDK span type becomes OpenTelemetry: a span of a kind, or no span of its own (its
 * children hang under its nearest traced ancestor).
 */
export type SpanPlan =
  | {
      traced: true;
      kind: TracedKind;
      /** Span name; undefined: the conventional one (`invoke_agent {name}`, `execute_tool {name}`). */
      name?: string;
      attributes: Attributes;
    }
  | {
      traced: false;
      /** A model call (`response`, `generation`): its one inference span is the provider's. */
      modelCall: boolean;
    };

/**
 * The plan for an SDK span at its start. `task` and `turn` repeat what the workflow and agent
 * spans already say; `response`/`generation` are model calls whose inference span comes from the
 * provider instrumentation (or, when none traced the call, is recorded at the end); `mcp_tools`
 * is the MCP `tools/list` request the MCP instrumentation traces.
 */
export function planSpan(data: AgentsSpanData): SpanPlan {
  const typed = (kind: TracedKind, attributes: Attributes, name?: string): SpanPlan => ({
    traced: true,
    kind,
    name,
    attributes: { [ATTR_OPENAI_AGENTS_SPAN_TYPE]: data.type, ...attributes },
  });
  switch (data.type) {
    case 'agent':
      return typed('agent', { [ATTR_GEN_AI_AGENT_NAME]: text(data.name) ?? 'Agent', ...agentFacts(data) });
    case 'function':
      return typed('tool', {
        [ATTR_GEN_AI_TOOL_NAME]: text(data.name) ?? 'function',
        [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
      });
    case 'handoff':
      return typed('task', handoffFacts(data), handoffName(data));
    case 'guardrail':
      return typed(
        'task',
        { [ATTR_OPENAI_AGENTS_GUARDRAIL_NAME]: text(data.name) ?? 'guardrail' },
        `guardrail ${text(data.name) ?? ''}`.trim(),
      );
    case 'custom':
      return typed('task', {}, text(data.name) ?? 'custom');
    case 'response':
    case 'generation':
      return { traced: false, modelCall: true };
    case 'task':
    case 'turn':
    case 'mcp_tools':
      return { traced: false, modelCall: false };
    default:
      // transcription, speech, speech_group and types of later SDK versions.
      return typed('task', {}, data.type);
  }
}

/** What an SDK span says by its end: attributes to add, a new name, and its input/output content. */
export interface SpanEndFacts {
  attributes: Attributes;
  name?: string;
  input?: unknown;
  output?: unknown;
}

/** Facts of a traced SDK span at its end (fields the SDK fills in while the span runs). */
export function endFacts(data: AgentsSpanData): SpanEndFacts {
  switch (data.type) {
    case 'agent':
      return { attributes: agentFacts(data) };
    case 'function':
      return { attributes: {}, input: nonEmpty(data.input), output: nonEmpty(data.output) };
    case 'handoff':
      return { attributes: handoffFacts(data), name: handoffName(data) };
    case 'guardrail':
      return { attributes: { [ATTR_OPENAI_AGENTS_GUARDRAIL_TRIGGERED]: data.triggered === true } };
    case 'custom':
      return { attributes: {}, output: data.data };
    default:
      return { attributes: {}, input: data.input, output: data.output };
  }
}

function agentFacts(data: AgentsSpanData): Attributes {
  const attributes: Attributes = {};
  const tools = names(data.tools);
  if (tools) attributes[ATTR_OPENAI_AGENTS_AGENT_TOOLS] = tools;
  const handoffs = names(data.handoffs);
  if (handoffs) attributes[ATTR_OPENAI_AGENTS_AGENT_HANDOFFS] = handoffs;
  const outputType = text(data.output_type);
  if (outputType) attributes[ATTR_OPENAI_AGENTS_AGENT_OUTPUT_TYPE] = outputType;
  return attributes;
}

function handoffFacts(data: AgentsSpanData): Attributes {
  const attributes: Attributes = {};
  const from = text(data.from_agent);
  if (from) attributes[ATTR_OPENAI_AGENTS_HANDOFF_FROM_AGENT] = from;
  const to = text(data.to_agent);
  if (to) attributes[ATTR_OPENAI_AGENTS_HANDOFF_TO_AGENT] = to;
  return attributes;
}

function handoffName(data: AgentsSpanData): string {
  const to = text(data.to_agent);
  return to ? `handoff ${to}` : 'handoff';
}

function names(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((item): item is string => typeof item === 'string');
  return list.length > 0 ? list : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The SDK initialises function input/output to `''`; an empty string means "not reported". */
function nonEmpty(value: unknown): unknown {
  return value === '' ? undefined : value;
}
