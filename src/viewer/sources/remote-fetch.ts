import { SourceUnavailableError } from './trace-source';

/** How long a remote backend may take to answer one request. */
const REMOTE_TIMEOUT_MS = 15_000;

/**
 * GETs JSON from a remote backend. Resolves to undefined on 404 (no such trace); any other
 * failure becomes a {@link SourceUnavailableError} naming the backend and what it said.
 */
export async function fetchRemoteJson(label: string, url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SourceUnavailableError(
      `${label} at ${new URL(url).origin} could not be reached: ${(error as Error).message}`,
    );
  }
  const text = await response.text();
  if (response.status === 404) return undefined;
  if (!response.ok) {
    throw new SourceUnavailableError(`${label} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceUnavailableError(`${label} answered something that is not JSON: ${text.slice(0, 300)}`);
  }
}

/** Runs `work` over the items with at most `limit` at a time, keeping the order of the results. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
