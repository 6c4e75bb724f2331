import { createContext } from 'preact';
import type { LiveState } from './api/live-updates';

/** What the live-updates stream last said; views refetch when `version` moves. */
export interface LiveUpdates {
  state: LiveState;
  /** Increments on every `spans` event. */
  version: number;
  /** The trace ids of the latest event. */
  traceIds: ReadonlySet<string>;
}

export const LiveContext = createContext<LiveUpdates>({
  state: 'connecting',
  version: 0,
  traceIds: new Set(),
});
