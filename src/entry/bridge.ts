/**
 * `genai-otel/bridge`: for integrators who turn another library's callback or event system into
 * GenAI spans — `EventSourceBridge` for event emitters, `RunTracker` for callbacks that carry
 * `runId`/`parentRunId`. Applications do not need this entry.
 *
 * @example
 * ```ts
 * import { RunTracker } from 'genai-otel/bridge';
 * const runs = new RunTracker();
 * ```
 * @module genai-otel/bridge
 */

export {
  type BridgedEventKind,
  EventSourceBridge,
  type EventSourceBridgeOptions,
} from '../events/event-source-bridge';
export {
  type RunEndOptions,
  type RunStartOptions,
  RunTracker,
  type RunTrackerOptions,
} from '../tracing/run-tracker';
