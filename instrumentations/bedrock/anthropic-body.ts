import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import { blobPart } from '../../src/genai/media-parts';
import type { ChatMessage, MessagePart, ToolDefinition } from '../../src/genai/message-parts';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
  type PayloadRecord,
  parseToolArguments,
} from '../../src/genai/payload-readers';
import { GEN_AI_OPERATION_NAME_VALUE_CHAT } from '../../src/genai/semconv';
import type { StreamAccumulator } from '../../src/genai/stream-follower';
import type { ModelBodyMapping } from './model-body-mapping';
import { finishReasonOf } from './stop-reason';

/**
 * Anthropic Claude's Messages body on InvokeModel (`anthropic_version: "bedrock-2023-05-31"`, no
 * `model`, no `stream`). A minimal mapping of its own: text, images, tool use and results,
 * thinking. (The Anthropic SDK instrumentation, once on main, is the place to share this from.)
 */
export const anthropicBody: ModelBodyMapping = {
  request: (body) => ({
    operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
    maxTokens: asInteger(body.max_tokens),
    temperature: asNumber(body.temperature),
    topP: asNumber(body.top_p),
    topK: asInteger(body.top_k),
    stopSequences: asStringList(body.stop_sequences),
    content: () => ({
      inputMessages: messagesOf(body.messages),
      systemInstructions:
        typeof body.system === 'string' ? [{ type: 'text', content: body.system }] : partsOf(body.system),
      toolDefinitions: toolsOf(body.tools),
    }),
  }),
  result: (body, captureContent) => {
    const finishReason = finishReasonOf(asString(body.stop_reason));
    return {
      responseId: asString(body.id),
      responseModel: asString(body.model),
      finishReasons: [finishReason],
      usage: anthropicUsageOf(body.usage),
      outputMessages: captureContent
        ? () => [{ role: 'assistant', parts: partsOf(body.content), finish_reason: finishReason }]
        : undefined,
    };
  },
  streamAccumulator: (captureContent) => new AnthropicStreamAccumulator(captureContent),
};

/** Anthropic `usage`: `input_tokens` leaves cache reads and writes out; the conventions count them in. */
export function anthropicUsageOf(value: unknown): TokenUsage | undefined {
  const usage = asRecord(value);
  if (usage === undefined) return undefined;
  const input = asInteger(usage.input_tokens);
  const cacheRead = asInteger(usage.cache_read_input_tokens);
  const cacheWrite = asInteger(usage.cache_creation_input_tokens);
  const tokens: TokenUsage = { outputTokens: asInteger(usage.output_tokens) };
  if (input !== undefined) tokens.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  if (cacheRead !== undefined) tokens.cacheReadInputTokens = cacheRead;
  if (cacheWrite !== undefined) tokens.cacheWriteInputTokens = cacheWrite;
  return tokens;
}

function messagesOf(messages: unknown): ChatMessage[] {
  return (asArray(messages) ?? []).map((entry) => {
    const message = asRecord(entry) ?? {};
    const content = message.content;
    return {
      role: asString(message.role) ?? 'user',
      parts: typeof content === 'string' ? [{ type: 'text', content }] : partsOf(content),
    };
  });
}

function partsOf(blocks: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const entry of asArray(blocks) ?? []) {
    const block = asRecord(entry);
    const part = block === undefined ? undefined : partOf(block);
    if (part !== undefined) parts.push(part);
  }
  return parts;
}

function partOf(block: PayloadRecord): MessagePart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', content: asString(block.text) ?? '' };
    case 'thinking':
      return { type: 'reasoning', content: asString(block.thinking) ?? '' };
    case 'tool_use':
      return {
        type: 'tool_call',
        id: asString(block.id),
        name: asString(block.name) ?? '',
        arguments: block.input,
      };
    case 'tool_result': {
      const content = block.content;
      return {
        type: 'tool_call_response',
        id: asString(block.tool_use_id),
        response: typeof content === 'string' ? content : partsOf(content),
      };
    }
    case 'image':
    case 'document': {
      const source = asRecord(block.source);
      const modality = block.type === 'image' ? 'image' : 'document';
      const data = asString(source?.data);
      if (source?.type === 'base64' && data !== undefined)
        return blobPart(modality, data, asString(source.media_type));
      const url = asString(source?.url);
      return url === undefined ? undefined : { type: 'uri', modality, uri: url };
    }
    default:
      return undefined;
  }
}

function toolsOf(tools: unknown): ToolDefinition[] {
  return (asArray(tools) ?? []).map((entry) => {
    const tool = asRecord(entry) ?? {};
    const definition: ToolDefinition = { type: 'function', name: asString(tool.name) ?? '' };
    const description = asString(tool.description);
    if (description !== undefined) definition.description = description;
    if (tool.input_schema !== undefined) definition.parameters = tool.input_schema;
    return definition;
  });
}

interface BlockDraft {
  block: PayloadRecord;
  text: string;
}

/**
 * Follows Anthropic stream events as InvokeModelWithResponseStream chunks: id, model and input
 * usage from `message_start`, stop reason and output usage from `message_delta`; blocks grow
 * from `content_block_delta` when content is captured.
 */
class AnthropicStreamAccumulator implements StreamAccumulator<PayloadRecord> {
  private responseId: string | undefined;
  private responseModel: string | undefined;
  private stopReason: string | undefined;
  private startUsage: PayloadRecord = {};
  private deltaUsage: PayloadRecord = {};
  private readonly blocks: BlockDraft[] = [];

  constructor(private readonly captureContent: boolean) {}

  add(event: PayloadRecord): void {
    switch (event.type) {
      case 'message_start': {
        const message = asRecord(event.message) ?? {};
        this.responseId = asString(message.id);
        this.responseModel = asString(message.model);
        this.startUsage = asRecord(message.usage) ?? {};
        return;
      }
      case 'message_delta':
        this.stopReason = asString(asRecord(event.delta)?.stop_reason) ?? this.stopReason;
        this.deltaUsage = { ...this.deltaUsage, ...asRecord(event.usage) };
        return;
      case 'content_block_start':
        if (this.captureContent)
          this.blocks[asInteger(event.index) ?? this.blocks.length] = {
            block: { ...asRecord(event.content_block) },
            text: '',
          };
        return;
      case 'content_block_delta': {
        if (!this.captureContent) return;
        const delta = asRecord(event.delta) ?? {};
        const draft = this.blocks[asInteger(event.index) ?? 0];
        const added = asString(delta.text) ?? asString(delta.partial_json) ?? asString(delta.thinking);
        if (draft !== undefined && added !== undefined) draft.text += added;
        return;
      }
    }
  }

  result(): InferenceResult {
    const finishReason = finishReasonOf(this.stopReason);
    return {
      responseId: this.responseId,
      responseModel: this.responseModel,
      finishReasons: [finishReason],
      usage: anthropicUsageOf({ ...this.startUsage, ...this.deltaUsage }),
      outputMessages: this.captureContent
        ? () => [
            {
              role: 'assistant',
              parts: partsOf(this.blocks.map((draft) => draft && completedBlock(draft))),
              finish_reason: finishReason,
            },
          ]
        : undefined,
    };
  }
}

function completedBlock({ block, text }: BlockDraft): PayloadRecord {
  if (block.type === 'text') return { ...block, text: `${asString(block.text) ?? ''}${text}` };
  if (block.type === 'thinking') return { ...block, thinking: `${asString(block.thinking) ?? ''}${text}` };
  if (block.type === 'tool_use')
    return { ...block, input: text === '' ? block.input : parseToolArguments(text) };
  return block;
}
