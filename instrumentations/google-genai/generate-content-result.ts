import type { InferenceResult } from '../../src/genai/inference-types';
import type { OutputMessage } from '../../src/genai/message-parts';
import { asArray, asInteger, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import { BLOCKED_PROMPT_FINISH_REASON, finishReasonOf } from './gemini-finish-reason';
import { messagePartsOf } from './gemini-parts';
import { tokenUsageOf } from './gemini-usage';

/** A `GenerateContentResponse` → what the span ends with: one finish reason and message per candidate. */
export function generateContentResult(body: unknown, captureContent: boolean): InferenceResult {
  const response = asRecord(body);
  if (response === undefined) return {};
  const candidates = (asArray(response.candidates) ?? []).map((entry) => asRecord(entry) ?? {});
  const finishReasons = candidates.map((candidate) =>
    finishReasonOf(asString(candidate.finishReason), callsFunction(asRecord(candidate.content)?.parts)),
  );
  if (candidates.length === 0 && asString(asRecord(response.promptFeedback)?.blockReason) !== undefined)
    finishReasons.push(BLOCKED_PROMPT_FINISH_REASON);
  return {
    ...responseIdentity(response),
    finishReasons,
    usage: tokenUsageOf(response.usageMetadata),
    outputMessages: captureContent
      ? () => candidates.map((candidate, index) => outputMessageOf(candidate, finishReasons[index] ?? ''))
      : undefined,
  };
}

/** `responseId` and `modelVersion`, which every response and stream chunk carries. */
export function responseIdentity(
  response: PayloadRecord,
): Pick<InferenceResult, 'responseId' | 'responseModel'> {
  return { responseId: asString(response.responseId), responseModel: asString(response.modelVersion) };
}

/** The candidate's position: `index`, absent for the first candidate (proto3 omits zeros). */
export function candidateIndexOf(candidate: PayloadRecord, position: number): number {
  return asInteger(candidate.index) ?? position;
}

export function callsFunction(parts: unknown): boolean {
  return (asArray(parts) ?? []).some((part) => asRecord(part)?.functionCall !== undefined);
}

function outputMessageOf(candidate: PayloadRecord, finishReason: string): OutputMessage {
  return {
    role: 'assistant',
    parts: messagePartsOf(asRecord(candidate.content)?.parts),
    finish_reason: finishReason,
  };
}
