import { streamFinishReasons } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import type { OutputMessage } from '../../src/genai/message-parts';
import { asArray, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import type { StreamAccumulator, StreamEnding } from '../../src/genai/stream-follower';
import { BLOCKED_PROMPT_FINISH_REASON, finishReasonOf } from './gemini-finish-reason';
import { messagePartsOf } from './gemini-parts';
import { tokenUsageOf } from './gemini-usage';
import { callsFunction, candidateIndexOf, responseIdentity } from './generate-content-result';

interface CandidateDraft {
  finishReason?: string;
  callsFunction: boolean;
  /** Gemini parts as streamed, consecutive text of the same kind (thought or not) joined. */
  parts: PayloadRecord[];
}

/**
 * Follows a `generateContentStream` (each chunk a `GenerateContentResponse`): id and model version
 * from the chunks, finish reasons per candidate, usage from the last chunk that has it (Gemini
 * sends running totals). Parts are kept only when content is captured.
 */
export class GenerateContentStreamAccumulator implements StreamAccumulator<unknown> {
  private identity: Pick<InferenceResult, 'responseId' | 'responseModel'> = {};
  private usage: TokenUsage | undefined;
  private promptBlocked = false;
  private readonly candidates: CandidateDraft[] = [];

  constructor(
    private readonly captureContent: boolean,
    private readonly expectedCandidates: number,
  ) {}

  add(value: unknown): void {
    const chunk = asRecord(value);
    if (chunk === undefined) return;
    if (this.identity.responseId === undefined) this.identity = responseIdentity(chunk);
    if (chunk.usageMetadata !== undefined) this.usage = tokenUsageOf(chunk.usageMetadata) ?? this.usage;
    if (asRecord(chunk.promptFeedback)?.blockReason !== undefined) this.promptBlocked = true;
    const candidates = asArray(chunk.candidates) ?? [];
    for (let position = 0; position < candidates.length; position++) {
      const candidate = asRecord(candidates[position]);
      if (candidate === undefined) continue;
      const index = candidateIndexOf(candidate, position);
      let draft = this.candidates[index];
      if (draft === undefined) {
        draft = { callsFunction: false, parts: [] };
        this.candidates[index] = draft;
      }
      const finishReason = asString(candidate.finishReason);
      if (finishReason) draft.finishReason = finishReason;
      const parts = asRecord(candidate.content)?.parts;
      if (!draft.callsFunction && callsFunction(parts)) draft.callsFunction = true;
      if (this.captureContent) appendParts(draft.parts, parts);
    }
  }

  result(ending: StreamEnding): InferenceResult {
    const finishReasons = streamFinishReasons(this.candidates, ending, this.expectedCandidates, (draft) =>
      draft.finishReason ? finishReasonOf(draft.finishReason, draft.callsFunction) : undefined,
    );
    if (finishReasons.length === 0 && this.promptBlocked) finishReasons.push(BLOCKED_PROMPT_FINISH_REASON);
    return {
      ...this.identity,
      finishReasons,
      usage: this.usage,
      outputMessages: this.captureContent ? () => this.outputMessages(finishReasons) : undefined,
    };
  }

  private outputMessages(finishReasons: string[]): OutputMessage[] {
    return finishReasons.map((finishReason, index) => ({
      role: 'assistant',
      parts: messagePartsOf(this.candidates[index]?.parts),
      finish_reason: finishReason,
    }));
  }
}

function appendParts(target: PayloadRecord[], parts: unknown): void {
  for (const entry of asArray(parts) ?? []) {
    const part = asRecord(entry);
    if (part === undefined) continue;
    const last = target[target.length - 1];
    const text = asString(part.text);
    if (text !== undefined && typeof last?.text === 'string' && last.thought === part.thought) {
      last.text += text;
    } else {
      // A copy for text: the joined text is ours to grow; the chunk stays the caller's.
      target.push(text !== undefined ? { ...part } : part);
    }
  }
}
