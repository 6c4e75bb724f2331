import { accessToken } from './access-token';
import { apiUrl } from './api-client';

/** `unavailable`: the source has no live stream (Tempo and Jaeger sources). */
export type LiveState = 'connecting' | 'live' | 'offline' | 'unavailable';

/**
 * Subscribes to `/api/live` (server-sent events): `onSpans` gets the ids of traces that received
 * spans. EventSource cannot send headers, so the token goes in the query. EventSource reconnects
 * by itself after a dropped connection. Returns the unsubscribe function.
 */
export function subscribeToLiveSpans(
  source: string,
  onSpans: (traceIds: string[]) => void,
  onState: (state: LiveState) => void,
): () => void {
  const events = new EventSource(apiUrl('live', { source, token: accessToken() }));
  onState('connecting');
  events.addEventListener('open', () => onState('live'));
  events.addEventListener('error', () =>
    onState(events.readyState === EventSource.CLOSED ? 'offline' : 'connecting'),
  );
  events.addEventListener('spans', (event) => {
    onSpans(traceIdsOf((event as MessageEvent<string>).data));
  });
  return () => events.close();
}

function traceIdsOf(data: string): string[] {
  try {
    const parsed = JSON.parse(data) as { traceIds?: unknown };
    return Array.isArray(parsed.traceIds) ? parsed.traceIds.filter((id) => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
