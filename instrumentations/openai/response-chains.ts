import type { InferenceResult } from '../../src/genai/inference-types';
import { asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';

/** Responses remembered at most; the oldest are forgotten first (a chain older than that restarts). */
const MAX_REMEMBERED_RESPONSES = 10_000;

/**
 * `gen_ai.conversation.id` for Responses API calls chained by `previous_response_id`, which have no
 * conversation object of their own. A chain's conversation id is the id of the first response of
 * the chain this process saw — a real provider id, never one we make up; when the previous response
 * was not seen here (another process made it), the chain starts at that previous response.
 * The first call of a chain gets none: nothing says yet that it starts a conversation.
 */
export class ResponseChains {
  private readonly conversationOfResponse = new Map<string, string>();

  constructor(private readonly capacity: number = MAX_REMEMBERED_RESPONSES) {}

  /** The conversation a request belongs to: its `conversation`, else its chain's; undefined for neither. */
  conversationOf(params: PayloadRecord): string | undefined {
    const conversation = params.conversation;
    const explicit = asString(conversation) ?? asString(asRecord(conversation)?.id);
    if (explicit !== undefined) return explicit;
    const previous = asString(params.previous_response_id);
    if (previous === undefined) return undefined;
    return this.conversationOfResponse.get(previous) ?? previous;
  }

  /** Notes which conversation the response `result` reports belongs to, for the calls that continue it. */
  remember(params: PayloadRecord, result: InferenceResult): InferenceResult {
    const responseId = result.responseId;
    if (responseId === undefined) return result;
    const conversation = result.conversationId ?? this.conversationOf(params) ?? responseId;
    const remembered = this.conversationOfResponse;
    remembered.delete(responseId);
    remembered.set(responseId, conversation);
    if (remembered.size > this.capacity) {
      const oldest = remembered.keys().next().value;
      if (oldest !== undefined) remembered.delete(oldest);
    }
    return result;
  }
}

/** The chains of this process's Responses calls. */
export const responseChains = new ResponseChains();
