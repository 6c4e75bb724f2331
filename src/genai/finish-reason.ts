import type { StreamEnding } from './stream-follower';

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

/**
 * A stream's finish reasons when it ended, one per choice in order: each choice's own, mapped by
 * `reasonOf`; {@link FINISH_REASON_ERROR} for a choice that never reported one (cut short by a
 * `break`, an abort, an error or a server that closed early). A stream that did not complete
 * counts every choice that was asked for (`expectedChoices`), seen or not.
 */
export function streamFinishReasons<Choice>(
  choices: readonly (Choice | undefined)[],
  ending: StreamEnding,
  expectedChoices: number,
  reasonOf: (choice: Choice) => string | undefined,
): string[] {
  const count = ending === 'completed' ? choices.length : Math.max(choices.length, expectedChoices);
  const finishReasons: string[] = [];
  for (let index = 0; index < count; index++) {
    const choice = choices[index];
    finishReasons.push((choice !== undefined ? reasonOf(choice) : undefined) ?? FINISH_REASON_ERROR);
  }
  return finishReasons;
}
