import type { Attributes } from '@opentelemetry/api';
import type { Endpoint } from '../../src/genai/endpoint';
import type { InferenceRequest, RequestContent } from '../../src/genai/inference-types';
import type { ChatMessage, ToolDefinition } from '../../src/genai/message-parts';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
  type PayloadRecord,
} from '../../src/genai/payload-readers';
import { requestHead } from '../../src/genai/request-head';
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
export function messagesRequest(params: PayloadRecord, endpoint: Endpoint): InferenceRequest {
  const outputConfig = asRecord(params.output_config);
  // `output_format` is the beta method's older name for `output_config.format`.
  const outputFormat = asRecord(outputConfig?.format) ?? asRecord(params.output_format);
  return {
    ...requestHead(GEN_AI_OPERATION_NAME_VALUE_CHAT, params, endpoint),
    stream: params.stream === true ? true : undefined,
    maxTokens: asInteger(params.max_tokens),
    temperature: asNumber(params.temperature),
    topP: asNumber(params.top_p),
    topK: asInteger(params.top_k),
    stopSequences: asStringList(params.stop_sequences),
    reasoningLevel: asString(outputConfig?.effort),
    outputType: outputFormat?.type === 'json_schema' ? GEN_AI_OUTPUT_TYPE_VALUE_JSON : undefined,
    attributes: anthropicRequestAttributes(params),
    content: () => requestContent(params),
  };
}

function anthropicRequestAttributes(params: PayloadRecord): Attributes {
  const thinking = asRecord(params.thinking);
  const candidates: Attributes = {
    [ATTR_ANTHROPIC_THINKING_TYPE]: asString(thinking?.type),
    [ATTR_ANTHROPIC_THINKING_BUDGET_TOKENS]: asInteger(thinking?.budget_tokens),
    [ATTR_ANTHROPIC_REQUEST_TOOL_CHOICE]: asString(asRecord(params.tool_choice)?.type),
    [ATTR_ANTHROPIC_REQUEST_SERVICE_TIER]: asString(params.service_tier),
    [ATTR_ANTHROPIC_BETA]: asStringList(params.betas),
  };
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(candidates)) {
    if (value !== undefined) attributes[key] = value;
  }
  return attributes;
}

function requestContent(params: PayloadRecord): RequestContent {
  const inputMessages: ChatMessage[] = [];
  for (const entry of asArray(params.messages) ?? []) {
    const message = asRecord(entry);
    if (message !== undefined)
      inputMessages.push({ role: asString(message.role) ?? 'user', parts: partsOf(message.content) });
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
  for (const entry of asArray(tools) ?? []) {
    const tool = asRecord(entry);
    const name = asString(tool?.name);
    if (tool === undefined || name === undefined) continue;
    const type = asString(tool.type);
    definitions.push(
      type === undefined || type === 'custom'
        ? { type: 'function', name, description: asString(tool.description), parameters: tool.input_schema }
        : { type, name },
    );
  }
  return definitions.length > 0 ? definitions : undefined;
}
