/** Bounded polling for backends that make data queryable a little after it arrives. */
export interface PollOptions {
  timeoutMillis?: number;
  intervalMillis?: number;
}

/**
 * Calls `attempt` until it returns a value, at most `timeoutMillis`; the error names the last
 * answer seen, so a failure says what the backend did return.
 */
export async function pollFor<T>(
  what: string,
  attempt: () => Promise<{ value?: T; seen: string }>,
  { timeoutMillis = 60_000, intervalMillis = 500 }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  let seen = 'nothing yet';
  do {
    try {
      const result = await attempt();
      if (result.value !== undefined) return result.value;
      seen = result.seen;
    } catch (error) {
      seen = (error as Error).message;
    }
    await new Promise((wake) => setTimeout(wake, intervalMillis));
  } while (Date.now() < deadline);
  throw new Error(`${what}: not there after ${timeoutMillis} ms; last answer: ${seen.slice(0, 2_000)}`);
}
