import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';

const CONTENT_FILTER = 'content_filter';

/** Gemini `FinishReason` values the conventions' enum names; the rest pass through lower-cased. */
const CONVENTION_FINISH_REASONS: Readonly<Record<string, string>> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: CONTENT_FILTER,
  RECITATION: CONTENT_FILTER,
  BLOCKLIST: CONTENT_FILTER,
  PROHIBITED_CONTENT: CONTENT_FILTER,
  SPII: CONTENT_FILTER,
  IMAGE_SAFETY: CONTENT_FILTER,
  IMAGE_PROHIBITED_CONTENT: CONTENT_FILTER,
};

/**
 * A candidate's `finishReason` → the conventions' value (docs/google-genai.md has the table).
 * Gemini says `STOP` when it asks for a function call; the conventions (and OpenAI's
 * `tool_calls`) say `tool_call`, so a stopped candidate that calls a function reports that.
 * `MALFORMED_FUNCTION_CALL`, `LANGUAGE`, `OTHER`, … stay as they are, lower-cased.
 */
export function finishReasonOf(reason: string | undefined, callsFunction: boolean): string {
  if (reason === undefined || reason === '') return FINISH_REASON_ERROR;
  if (reason === 'STOP' && callsFunction) return 'tool_call';
  return CONVENTION_FINISH_REASONS[reason] ?? reason.toLowerCase();
}

/** A prompt Gemini refused to answer (`promptFeedback.blockReason`, no candidates). */
export const BLOCKED_PROMPT_FINISH_REASON = CONTENT_FILTER;
