import { type Attributes, type AttributeValue, type Context, diag } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { costAttributes } from '../../src/cost/cost-recording';
import { computeLLMCost } from '../../src/cost/llm-cost';
import type { TokenUsage } from '../../src/genai/inference-types';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '../../src/genai/semconv';
import { genAISpanName } from '../../src/genai/span-name';
import { usageAttributes } from '../../src/genai/usage-attributes';
import { finishReasonOf } from './model-call-result';
import { providerNameOf } from './provider-name';

/**
 * The `ai.*` attribute names `ai` 5.x/6.x write with `experimental_telemetry` (the SDK's own names,
 * read here only). Usage keys differ by version: before 6.0.119 `generateText` wrote
 * `promptTokens`/`completionTokens`.
 */
const AI = {
  operationId: 'ai.operationId',
  functionId: 'ai.telemetry.functionId',
  modelId: 'ai.model.id',
  modelProvider: 'ai.model.provider',
  toolName: 'ai.toolCall.name',
  toolCallId: 'ai.toolCall.id',
  msToFirstChunk: 'ai.response.msToFirstChunk',
  inputTokens: ['ai.usage.inputTokens', 'ai.usage.promptTokens'],
  outputTokens: ['ai.usage.outputTokens', 'ai.usage.completionTokens'],
  cacheReadTokens: ['ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens'],
  cacheWriteTokens: ['ai.usage.inputTokenDetails.cacheWriteTokens'],
  reasoningTokens: ['ai.usage.outputTokenDetails.reasoningTokens', 'ai.usage.reasoningTokens'],
  embeddingTokens: ['ai.usage.tokens'],
} as const;

/** SDK calls: one root span each. */
const OPERATIONS = new Set([
  'ai.generateText',
  'ai.streamText',
  'ai.generateObject',
  'ai.streamObject',
  'ai.embed',
  'ai.embedMany',
]);

/** Model calls (one span per step or embedding request), and whether they stream. */
const MODEL_CALLS: ReadonlyMap<string, { operation: string; stream: boolean }> = new Map([
  ['ai.generateText.doGenerate', { operation: GEN_AI_OPERATION_NAME_VALUE_CHAT, stream: false }],
  ['ai.streamText.doStream', { operation: GEN_AI_OPERATION_NAME_VALUE_CHAT, stream: true }],
  ['ai.generateObject.doGenerate', { operation: GEN_AI_OPERATION_NAME_VALUE_CHAT, stream: false }],
  ['ai.streamObject.doStream', { operation: GEN_AI_OPERATION_NAME_VALUE_CHAT, stream: true }],
  ['ai.embed.doEmbed', { operation: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS, stream: false }],
  ['ai.embedMany.doEmbed', { operation: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS, stream: false }],
]);

/** Most root spans remembered for promotion to `invoke_agent`; roots are forgotten when they end. */
const MAX_OPEN_ROOTS = 10_000;

/**
 * Maps the spans `ai` 5.x/6.x make for calls with `experimental_telemetry: { isEnabled: true }`
 * onto the GenAI conventions, in place: the SDK call becomes `invoke_workflow {functionId}` (or
 * `invoke_agent` once a tool runs), each `doGenerate`/`doStream` step `chat {model}` and each
 * `doEmbed` `embeddings {model}` with `gen_ai.provider.name`, usage including cache and reasoning
 * tokens, normalised finish reasons, time to first chunk and cost; `ai.toolCall` becomes
 * `execute_tool {name}`. The SDK's own `ai.*` attributes stay; its deprecated `gen_ai.system` goes. `register()` installs it; calls
 * without the flag make no spans to map (use `ai` 7 for tracing with no code change).
 *
 * What it cannot give these versions: the GenAI metrics (the spans are the SDK's, not our
 * recorder's) and span kind CLIENT on model calls (the SDK starts them INTERNAL).
 */
export class AISdkLegacySpanProcessor implements SpanProcessor {
  /** Open SDK-call spans by span id, to rename when a tool runs under them. */
  private readonly roots = new Map<string, { span: Span; name: string; isAgent: boolean }>();

  onStart(span: Span, _parentContext: Context): void {
    try {
      const operationId = span.attributes[AI.operationId];
      if (typeof operationId !== 'string') return;
      if (OPERATIONS.has(operationId)) this.startOperation(span, operationId);
      else if (MODEL_CALLS.has(operationId)) startModelCall(span, operationId);
      else if (operationId === 'ai.toolCall') this.startToolCall(span);
    } catch (error) {
      diag.debug('genai-otel: could not map an AI SDK span', error);
    }
  }

  onEnding(span: Span): void {
    try {
      const operationId = span.attributes[AI.operationId];
      if (typeof operationId !== 'string') return;
      if (MODEL_CALLS.has(operationId)) endModelCall(span);
      else if (OPERATIONS.has(operationId)) this.endOperation(span, operationId);
    } catch (error) {
      diag.debug('genai-otel: could not map an AI SDK span', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.roots.clear();
    return Promise.resolve();
  }

  private startOperation(span: Span, operationId: string): void {
    const name = callNameOf(span, operationId);
    span.updateName(genAISpanName('invoke_workflow', name));
    span.setAttribute(ATTR_GEN_AI_OPERATION_NAME, 'invoke_workflow');
    if (this.roots.size >= MAX_OPEN_ROOTS) this.roots.delete(this.roots.keys().next().value as string);
    this.roots.set(span.spanContext().spanId, { span, name, isAgent: false });
  }

  private endOperation(span: Span, operationId: string): void {
    this.roots.delete(span.spanContext().spanId);
    // Named at the end, once it is known that no tool ran: the conventions put
    // gen_ai.workflow.name on workflow spans only, not on the invoke_agent a tool turns it into.
    if (span.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'invoke_workflow')
      span.setAttribute(ATTR_GEN_AI_WORKFLOW_NAME, callNameOf(span, operationId));
  }

  private startToolCall(span: Span): void {
    const toolName = stringAttribute(span, AI.toolName);
    span.updateName(genAISpanName(GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL, toolName));
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_TYPE]: 'function',
    };
    if (toolName !== undefined) attributes[ATTR_GEN_AI_TOOL_NAME] = toolName;
    const toolCallId = stringAttribute(span, AI.toolCallId);
    if (toolCallId !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = toolCallId;
    span.setAttributes(attributes);
    // A tool ran under the SDK call: it is an agent loop.
    const root = this.roots.get(span.parentSpanContext?.spanId ?? '');
    if (root === undefined || root.isAgent) return;
    root.isAgent = true;
    root.span.updateName(genAISpanName(GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT, root.name));
    root.span.setAttributes({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
      [ATTR_GEN_AI_AGENT_NAME]: root.name,
    });
    const provider = stringAttribute(root.span, AI.modelProvider);
    if (provider !== undefined) root.span.setAttribute(ATTR_GEN_AI_PROVIDER_NAME, providerNameOf(provider));
  }
}

/** The SDK call's name: its `functionId`, else the function (`generateText`). */
function callNameOf(span: Span, operationId: string): string {
  return stringAttribute(span, AI.functionId) ?? operationId.slice(3);
}

function startModelCall(span: Span, operationId: string): void {
  const call = MODEL_CALLS.get(operationId) as { operation: string; stream: boolean };
  const model = stringAttribute(span, AI.modelId);
  span.updateName(genAISpanName(call.operation, model));
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: call.operation };
  if (model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
  const provider = stringAttribute(span, AI.modelProvider);
  if (provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = providerNameOf(provider);
  if (call.stream) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  span.setAttributes(attributes);
  // The SDK writes the deprecated gen_ai.system (its provider id, e.g. `openai.responses`), which
  // gen_ai.provider.name replaces; no conventions version since v1.37 lists it. The span API cannot
  // remove an attribute, so it is taken out of the span's own attribute record, still unexported.
  delete span.attributes[ATTR_GEN_AI_SYSTEM];
}

function endModelCall(span: Span): void {
  const usage = usageOf(span);
  const attributes: Attributes = usage === undefined ? {} : usageAttributes(usage);
  const finishReasons = span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  if (Array.isArray(finishReasons))
    attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = finishReasons.map((reason) =>
      finishReasonOf(String(reason)),
    );
  const msToFirstChunk = span.attributes[AI.msToFirstChunk];
  if (typeof msToFirstChunk === 'number')
    attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = msToFirstChunk / 1000;
  const cost = computeLLMCost({
    provider: stringAttribute(span, ATTR_GEN_AI_PROVIDER_NAME),
    responseModel: stringAttribute(span, ATTR_GEN_AI_RESPONSE_MODEL),
    requestModel: stringAttribute(span, ATTR_GEN_AI_REQUEST_MODEL),
    usage,
  });
  if (cost !== undefined) Object.assign(attributes, costAttributes(cost));
  span.setAttributes(attributes);
}

/** Token usage from the SDK's `ai.usage.*` (input includes cache reads and writes, as ours). */
function usageOf(span: Span): TokenUsage | undefined {
  const usage: TokenUsage = {};
  const input =
    firstNumber(span, AI.inputTokens) ??
    firstNumber(span, AI.embeddingTokens) ??
    numberAttribute(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  if (input !== undefined) usage.inputTokens = input;
  const output =
    firstNumber(span, AI.outputTokens) ?? numberAttribute(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  if (output !== undefined) usage.outputTokens = output;
  const cacheRead = firstNumber(span, AI.cacheReadTokens);
  if (cacheRead !== undefined) usage.cacheReadInputTokens = cacheRead;
  const cacheWrite = firstNumber(span, AI.cacheWriteTokens);
  if (cacheWrite !== undefined) usage.cacheWriteInputTokens = cacheWrite;
  const reasoning = firstNumber(span, AI.reasoningTokens);
  if (reasoning !== undefined) usage.reasoningOutputTokens = reasoning;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

function firstNumber(span: Span, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = numberAttribute(span.attributes[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function numberAttribute(value: AttributeValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringAttribute(span: Span | ReadableSpan, key: string): string | undefined {
  const value = span.attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
