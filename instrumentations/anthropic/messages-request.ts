import type { Attributes } from '@opentelemetry/api';
import type { Endpoint } from '../../src/genai/endpoint';
import type { InferenceRequest, RequestContent } from '../../src/genai/inference-types';
import type { ChatMessage, ToolDefinition } from '../../src/genai/message-parts';
import * as read from '../../src/genai/payload-readers';
import { commonChatParameters, requestHead } from '../../src/genai/request-head';
import {
  ATTR_ANTHROPIC_BETA,
  ATTR_ANTHROPIC_REQUEST_SERVICE_TIER,
  ATTR_ANTHROPIC_REQUEST_TOOL_CHOICE,
  ATTR_ANTHROPIC_THINKING_BUDGET_TOKENS,
  ATTR_ANTHROPIC_THINKING_TYPE,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OUTPUT_TYPE_VALUE_JSON,
} from '../../src/genai/semconv';
import { partsOf } from './content-blocks';

/** `messages.create` parameters → what the `chat {model}` span starts with. */
export function messagesRequest(params: read.PayloadRecord, endpoint: Endpoint): InferenceRequest {
  const outputConfig = read.asRecord(params.output_config);
  // `output_format` is the beta method's older name for `output_config.format`.
  const outputFormat = read.asRecord(outputConfig?.format) ?? read.asRecord(params.output_format);
  return {
    ...requestHead(GEN_AI_OPERATION_NAME_VALUE_CHAT, params, endpoint),
    ...commonChatParameters(params),
    maxTokens: read.asInteger(params.max_tokens),
    topK: read.asInteger(params.top_k),
    stopSequences: read.asStringList(params.stop_sequences),
    reasoningLevel: read.asString(outputConfig?.effort),
    outputType: outputFormat?.type === 'json_schema' ? GEN_AI_OUTPUT_TYPE_VALUE_JSON : undefined,
    attributes: anthropicRequestAttributes(params),
    content: () => requestContent(params),
  };
}

/** The `anthropic.*` request attributes the call has; undefined when it has none (the usual case). */
function anthropicRequestAttributes(params: read.PayloadRecord): Attributes | undefined {
  let attributes: Attributes | undefined;
  const set = (key: string, value: Attributes[string]) => {
    if (value === undefined) return;
    attributes ??= {};
    attributes[key] = value;
  };
  const thinking = read.asRecord(params.thinking);
  if (thinking !== undefined) {
    set(ATTR_ANTHROPIC_THINKING_TYPE, read.asString(thinking.type));
    set(ATTR_ANTHROPIC_THINKING_BUDGET_TOKENS, read.asInteger(thinking.budget_tokens));
  }
  set(ATTR_ANTHROPIC_REQUEST_TOOL_CHOICE, read.asString(read.asRecord(params.tool_choice)?.type));
  set(ATTR_ANTHROPIC_REQUEST_SERVICE_TIER, read.asString(params.service_tier));
  set(ATTR_ANTHROPIC_BETA, read.asStringList(params.betas));
  return attributes;
}

function requestContent(params: read.PayloadRecord): RequestContent {
  const inputMessages: ChatMessage[] = [];
  for (const entry of read.asArray(params.messages) ?? []) {
    const message = read.asRecord(entry);
    if (message !== undefined)
      inputMessages.push({ role: read.asString(message.role) ?? 'user', parts: partsOf(message.content) });
  }
  const system = partsOf(params.system);
  return {
    inputMessages,
    systemInstructions: system.length > 0 ? system : undefined,
    toolDefinitions: toolDefinitionsOf(params.tools),
  };
}

/** Client tools (`input_schema`) as functions; server tools (`web_search_…`) by their versioned type. */
function toolDefinitionsOf(tools: unknown): ToolDefinition[] | undefined {
  const definitions: ToolDefinition[] = [];
  for (const entry of read.asArray(tools) ?? []) {
    const tool = read.asRecord(entry);
    const name = read.asString(tool?.name);
    if (tool === undefined || name === undefined) continue;
    const type = read.asString(tool.type);
    definitions.push(
      type === undefined || type === 'custom'
        ? {
            type: 'function',
            name,
            description: read.asString(tool.description),
            parameters: tool.input_schema,
          }
        : { type, name },
    );
  }
  return definitions.length > 0 ? definitions : undefined;
}
