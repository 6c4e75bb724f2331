import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';
import type { InferenceResult } from '../../src/genai/inference-types';
import { asInteger, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import type { StreamAccumulator, StreamEnding } from '../../src/genai/stream-follower';
import { openAIResponseAttributes } from './openai-attributes';
import { responseChains } from './response-chains';
import { responsesOutputMessage } from './responses-items';
import { responseResult } from './responses-result';

/**
 * Follows Responses API stream events. The terminal event (`response.completed`,
 * `response.incomplete`, `response.failed`) carries the whole Response, usage included, and is
 * summarised like a non-streaming one. Until then, the id and model come from `response.created`,
 * and — when content is captured — output items and their text/argument deltas are kept so that a
 * stream cut short still shows its partial output.
 */
export class ResponsesStreamAccumulator implements StreamAccumulator<unknown> {
  private created: PayloadRecord | undefined;
  private final: PayloadRecord | undefined;
  private readonly items: PayloadRecord[] = [];

  constructor(
    private readonly captureContent: boolean,
    /** The request, to place the response in its `previous_response_id` chain. */
    private readonly params: PayloadRecord = {},
  ) {}

  add(value: unknown): void {
    const event = asRecord(value);
    const type = asString(event?.type);
    if (event === undefined || type === undefined) return;
    switch (type) {
      case 'response.created':
      case 'response.in_progress':
        this.created = asRecord(event.response) ?? this.created;
        return;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.final = withTerminalStatus(asRecord(event.response), type);
        return;
      default:
        if (this.captureContent) this.addContent(type, event);
    }
  }

  result(ending: StreamEnding): InferenceResult {
    return responseChains.remember(this.params, this.summary(ending));
  }

  private summary(ending: StreamEnding): InferenceResult {
    if (this.final !== undefined)
      return responseResult(this.withStreamedOutput(this.final), this.captureContent);
    const created = this.created;
    // Cut short before the terminal event: no usage was reported, and the one choice did not finish.
    return {
      responseId: asString(created?.id),
      responseModel: asString(created?.model),
      finishReasons: ending === 'completed' && created === undefined ? undefined : [FINISH_REASON_ERROR],
      attributes: created !== undefined ? openAIResponseAttributes(created) : undefined,
      outputMessages: this.captureContent
        ? () => [responsesOutputMessage(this.items.filter(Boolean), FINISH_REASON_ERROR)]
        : undefined,
    };
  }

  private addContent(type: string, event: PayloadRecord): void {
    const index = asInteger(event.output_index);
    if (index === undefined) return;
    switch (type) {
      case 'response.output_item.added':
      case 'response.output_item.done': {
        const item = asRecord(event.item);
        // Copies: the deltas below are assembled here, never into the SDK's (the user's) events.
        if (item !== undefined) {
          const content = Array.isArray(item.content)
            ? item.content.map((part) => ({ ...asRecord(part) }))
            : item.content;
          this.items[index] = { ...item, content };
        }
        return;
      }
      case 'response.output_text.delta': {
        const item = this.itemAt(index, () => ({ type: 'message', content: [] }));
        if (!Array.isArray(item.content)) item.content = [];
        const content = item.content as PayloadRecord[];
        const contentIndex = asInteger(event.content_index) ?? 0;
        const part = content[contentIndex] ?? { type: 'output_text', text: '' };
        content[contentIndex] = part;
        part.text = `${asString(part.text) ?? ''}${asString(event.delta) ?? ''}`;
        return;
      }
      case 'response.function_call_arguments.delta': {
        const item = this.itemAt(index, () => ({ type: 'function_call', arguments: '' }));
        item.arguments = `${asString(item.arguments) ?? ''}${asString(event.delta) ?? ''}`;
        return;
      }
      default:
        return;
    }
  }

  /** The terminal Response, with the items seen in the stream when it carries no output of its own. */
  private withStreamedOutput(response: PayloadRecord): PayloadRecord {
    const output = response.output;
    if ((Array.isArray(output) && output.length > 0) || this.items.length === 0) return response;
    return { ...response, output: this.items.filter(Boolean) };
  }

  private itemAt(index: number, create: () => PayloadRecord): PayloadRecord {
    let item = this.items[index];
    if (item === undefined) {
      item = create();
      this.items[index] = item;
    }
    return item;
  }
}

const STATUS_OF_TERMINAL_EVENT: Readonly<Record<string, string>> = {
  'response.completed': 'completed',
  'response.incomplete': 'incomplete',
  'response.failed': 'failed',
};

/**
 * The terminal event's Response with a `status`: some servers (proxies, compatible APIs) leave it
 * out, and the event type says it anyway. Without it no finish reason, and no output messages,
 * could be derived from the output items.
 */
function withTerminalStatus(
  response: PayloadRecord | undefined,
  eventType: string,
): PayloadRecord | undefined {
  if (response === undefined || typeof response.status === 'string') return response;
  return { ...response, status: STATUS_OF_TERMINAL_EVENT[eventType] };
}
