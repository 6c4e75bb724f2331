import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';

const CONTENT_FILTER = 'content_filter';

/** Bedrock `stopReason` values the conventions' enum names; the rest pass through as they are. */
const CONVENTION_FINISH_REASONS: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_call',
  guardrail_intervened: CONTENT_FILTER,
  content_filtered: CONTENT_FILTER,
};

/**
 * A Converse `stopReason` (or an Anthropic body's `stop_reason`, which uses the same words) → the
 * conventions' value. `malformed_model_output`, `malformed_tool_use`, … stay as they are.
 */
export function finishReasonOf(stopReason: string | undefined): string {
  if (stopReason === undefined || stopReason === '') return FINISH_REASON_ERROR;
  return CONVENTION_FINISH_REASONS[stopReason] ?? stopReason;
}
