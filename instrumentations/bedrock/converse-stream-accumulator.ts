import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import type { MessagePart } from '../../src/genai/message-parts';
import {
  asInteger,
  asRecord,
  asString,
  type PayloadRecord,
  parseToolArguments,
} from '../../src/genai/payload-readers';
import type { StreamAccumulator, StreamEnding } from '../../src/genai/stream-follower';
import { converseUsageOf } from './converse-usage';
import { finishReasonOf } from './stop-reason';

/** One content block as it streams in: text and reasoning grow, tool input is partial JSON. */
interface BlockDraft {
  kind: 'text' | 'reasoning' | 'tool_call';
  text: string;
  toolUseId?: string;
  toolName?: string;
}

/**
 * Follows a ConverseStream `stream`: each event an object with one key (`messageStart`,
 * `contentBlockStart`, `contentBlockDelta`, `contentBlockStop`, `messageStop`, `metadata`). The
 * stop reason comes with `messageStop`, usage with the final `metadata` event; content blocks are
 * kept only when content is captured.
 */
export class ConverseStreamAccumulator implements StreamAccumulator<unknown> {
  private role = 'assistant';
  private stopReason: string | undefined;
  private usage: TokenUsage | undefined;
  private readonly blocks: BlockDraft[] = [];

  constructor(private readonly captureContent: boolean) {}

  add(value: unknown): void {
    const event = asRecord(value);
    if (event === undefined) return;
    const messageStop = asRecord(event.messageStop);
    if (messageStop !== undefined) this.stopReason = asString(messageStop.stopReason) ?? this.stopReason;
    const metadata = asRecord(event.metadata);
    if (metadata !== undefined) this.usage = converseUsageOf(metadata.usage) ?? this.usage;
    if (!this.captureContent) return;
    const messageStart = asRecord(event.messageStart);
    if (messageStart !== undefined) this.role = asString(messageStart.role) ?? this.role;
    const blockStart = asRecord(event.contentBlockStart);
    if (blockStart !== undefined) this.startBlock(blockStart);
    const blockDelta = asRecord(event.contentBlockDelta);
    if (blockDelta !== undefined) this.addDelta(blockDelta);
  }

  /** A stream cut short before `messageStop` (break, abort, error event) finishes with `error`. */
  result(_ending: StreamEnding): InferenceResult {
    const finishReason =
      this.stopReason !== undefined ? finishReasonOf(this.stopReason) : FINISH_REASON_ERROR;
    return {
      finishReasons: [finishReason],
      usage: this.usage,
      outputMessages: this.captureContent
        ? () => [
            { role: this.role, parts: this.blocks.map(partOf).filter(isPart), finish_reason: finishReason },
          ]
        : undefined,
    };
  }

  private startBlock(event: PayloadRecord): void {
    const toolUse = asRecord(asRecord(event.start)?.toolUse);
    if (toolUse === undefined) return;
    this.blocks[asInteger(event.contentBlockIndex) ?? this.blocks.length] = {
      kind: 'tool_call',
      text: '',
      toolUseId: asString(toolUse.toolUseId),
      toolName: asString(toolUse.name),
    };
  }

  private addDelta(event: PayloadRecord): void {
    const index = asInteger(event.contentBlockIndex) ?? 0;
    const delta = asRecord(event.delta) ?? {};
    const text = asString(delta.text);
    const toolInput = asString(asRecord(delta.toolUse)?.input);
    const reasoning = asString(asRecord(delta.reasoningContent)?.text);
    const kind = text !== undefined ? 'text' : reasoning !== undefined ? 'reasoning' : 'tool_call';
    const added = text ?? reasoning ?? toolInput;
    if (added === undefined) return;
    this.blocks[index] ??= { kind, text: '' };
    (this.blocks[index] as BlockDraft).text += added;
  }
}

function partOf(block: BlockDraft | undefined): MessagePart | undefined {
  if (block === undefined) return undefined;
  if (block.kind === 'tool_call')
    return {
      type: 'tool_call',
      id: block.toolUseId,
      name: block.toolName ?? '',
      arguments: parseToolArguments(block.text),
    };
  return { type: block.kind, content: block.text };
}

function isPart(part: MessagePart | undefined): part is MessagePart {
  return part !== undefined;
}
