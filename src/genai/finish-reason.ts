/**
 * Maps provider finish reasons onto the conventions' enum (`stop`, `length`, `content_filter`,
 * `tool_call`, `error`) so that dashboards can group across providers; unknown values pass through,
 * as the schema allows any string.
 */
export function normalizeFinishReason(reason: string): string {
  switch (reason) {
    case 'tool_calls':
    case 'function_call':
      return 'tool_call';
    default:
      return reason;
  }
}

/** The finish reason for a choice whose end was expected but never received (cancelled or failed stream). */
export const FINISH_REASON_ERROR = 'error';
