import type { InferenceResult } from '../../src/genai/inference-types';
import {
  asInteger,
  asRecord,
  asString,
  type PayloadRecord,
  parseToolArguments,
} from '../../src/genai/payload-readers';
import type { StreamAccumulator, StreamEnding } from '../../src/genai/stream-follower';
import { messageResult } from './messages-result';

/** A content block being streamed; tool input arrives as JSON text in pieces. */
interface BlockDraft extends PayloadRecord {
  partialJson?: string;
}

/**
 * Rebuilds the Message from `messages.create({ stream: true })` events, then maps it like a
 * parsed one: id and model from `message_start`, usage from `message_start` overlaid with the
 * cumulative `message_delta` usage, the stop reason from `message_delta`. Content blocks (text,
 * thinking, tool input from `input_json_delta`) are assembled only when content is captured.
 * A stream cut short keeps what it saw, with finish reason `error` when no stop reason came.
 */
export class MessagesStreamAccumulator implements StreamAccumulator<unknown> {
  private message: PayloadRecord = {};
  private usage: PayloadRecord = {};
  private readonly blocks: BlockDraft[] = [];

  constructor(private readonly captureContent: boolean) {}

  add(value: unknown): void {
    const event = asRecord(value);
    switch (event?.type) {
      case 'message_start': {
        const message = asRecord(event.message) ?? {};
        this.message = { id: message.id, model: message.model };
        this.usage = { ...asRecord(message.usage) };
        break;
      }
      case 'message_delta': {
        const stopReason = asString(asRecord(event.delta)?.stop_reason);
        if (stopReason !== undefined) this.message.stop_reason = stopReason;
        // Cumulative totals: every non-null field replaces what message_start said.
        for (const [name, total] of Object.entries(asRecord(event.usage) ?? {})) {
          if (total !== null && total !== undefined) this.usage[name] = total;
        }
        break;
      }
      case 'content_block_start':
        if (this.captureContent) this.startBlock(event);
        break;
      case 'content_block_delta':
        if (this.captureContent) this.extendBlock(event);
        break;
    }
  }

  result(_ending: StreamEnding): InferenceResult {
    // Blocks are assembled only when content is captured; without, the Message needs none.
    const content = this.captureContent
      ? this.blocks
          .filter(Boolean)
          .map(({ partialJson, ...block }) =>
            partialJson === undefined ? block : { ...block, input: parseToolArguments(partialJson) },
          )
      : undefined;
    return messageResult({ ...this.message, usage: this.usage, content }, this.captureContent);
  }

  private startBlock(event: PayloadRecord): void {
    const index = asInteger(event.index);
    const block = asRecord(event.content_block);
    if (index !== undefined && block !== undefined) this.blocks[index] = { ...block };
  }

  private extendBlock(event: PayloadRecord): void {
    const block = this.blocks[asInteger(event.index) ?? -1];
    const delta = asRecord(event.delta);
    if (block === undefined || delta === undefined) return;
    switch (delta.type) {
      case 'text_delta':
        block.text = `${asString(block.text) ?? ''}${asString(delta.text) ?? ''}`;
        break;
      case 'thinking_delta':
        block.thinking = `${asString(block.thinking) ?? ''}${asString(delta.thinking) ?? ''}`;
        break;
      case 'input_json_delta':
        block.partialJson = `${block.partialJson ?? ''}${asString(delta.partial_json) ?? ''}`;
        break;
    }
  }
}

/** The text a stream event adds (`text_delta`), for opt-in `llm.token` events. */
export function anthropicChunkText(chunk: unknown): string | undefined {
  const event = chunk as { type?: unknown; delta?: { type?: unknown; text?: unknown } } | null;
  if (event?.type !== 'content_block_delta' || event.delta?.type !== 'text_delta') return undefined;
  return typeof event.delta.text === 'string' && event.delta.text !== '' ? event.delta.text : undefined;
}
