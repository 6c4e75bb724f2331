import type { MeterProvider } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { GenAISdkInstrumentationConfig } from '../../../../src/genai/sdk-instrumentation-config';

/**
 * What one instrumented library contributes to the reliability suite (test/reliability/
 * integration-*.test.ts). The suite supplies the checks — fault injection, stream endings,
 * malformed answers, secret canaries, load — and runs them over every entry of
 * {@link RELIABILITY_INTEGRATIONS}; an entry only says how to talk to its library through its
 * local wire-format server.
 *
 * Adding an integration is one file in this folder exporting a {@link ReliabilityIntegration} and
 * one line in `index.ts`.
 */
export interface ReliabilityIntegration {
  /** Shown in test names and figures: `openai`, `bedrock`, …. */
  name: string;
  /**
   * The instrumentation `register()` is handed. Called before `start()`, and before the library is
   * loaded, so its require hook patches the library as under `--require genai-otel/register`.
   */
  instrumentation(): ControllableInstrumentation;
  /**
   * Faults of integration-faults.test.ts that have no path in this integration (e.g. an
   * instrumentation that takes no request or response hook).
   */
  unsupportedFaults?: readonly string[];
  /** Checks that fail today for this integration, with why (open bugs, listed in docs/reliability.md). */
  knownGaps?: { malformedJson?: string; streamFaultReportedTwice?: string };
  /** Starts the wire server and makes a client on it (with {@link IntegrationClient.canaries} as credentials). */
  start(): Promise<IntegrationClient>;
}

/** The parts of an instrumentation the suite switches: on/off, hooks, timeouts, the meter provider. */
export type ControllableInstrumentation = Instrumentation<GenAISdkInstrumentationConfig> & {
  setMeterProvider(meterProvider: MeterProvider): void;
};

/** One way a streamed answer goes, as the wire server plays it. */
export type StreamScript =
  /** Every chunk, then a normal end; `delayMs` between chunks. */
  | { kind: 'complete'; delayMs?: number }
  /** A few chunks, then the provider's own error event or exception in the stream. */
  | { kind: 'error-event' }
  /** A few chunks, then the connection is lost. */
  | { kind: 'connection-lost' }
  /** A few chunks, then nothing more while the connection stays open (for abort and never-consumed). */
  | { kind: 'held' };

/** One frame of a streamed answer: SSE `event:`/`data:` or an event-stream message. */
export interface WireFrame {
  event?: string;
  /** A JSON value, or a raw string written as is (corrupt or truncated JSON). */
  data: unknown;
}

/** A (possibly broken) answer the property-based test plays back. */
export type MalformedAnswer =
  | { kind: 'json'; body: unknown }
  | {
      kind: 'stream';
      frames: WireFrame[];
      /** End with the first `cutAt` bytes of one more frame (a frame cut off mid-way). */
      truncatedTail?: { frame: WireFrame; cutAt: number };
    };

/** A client of the library pointed at the local wire server, and the answers it knows. */
export interface IntegrationClient {
  /** The span name of its (streamed or not) model call. */
  spanName: string;
  /**
   * Spans one call makes, the model call's included (default 1): an AI SDK call also opens an
   * `invoke_workflow` root. The checks find the model call's span by {@link spanName}.
   */
  spansPerCall?: number;
  /**
   * The library reads the model's stream itself, whatever the app does: a stream the app never
   * reads still completes (the Agents SDK's streamed run, the AI SDK's `streamText`); with
   * `'after-break'` also when the app breaks out early (the AI SDK tees the stream): the model
   * call's span then ends with the model's finish reason, and the call's own span is ended by the
   * unconsumed timeout, marked.
   */
  runsUnreadStreams?: 'never-read' | 'after-break';
  /**
   * Every credential this client sends, as canaries (random per run): API keys, tokens, AWS keys.
   * None may appear in any exported byte.
   */
  canaries: string[];
  /** Credential-bearing header values as the server received them (e.g. the SigV4 `Authorization`). */
  credentialsOnWire(): string[];
  /** A model call answered with a fixed, valid JSON answer; resolves to what the app got. */
  call(prompt?: string): Promise<unknown>;
  /** A model call the provider refuses (HTTP 4xx) with a message that echoes a canary credential. */
  failingCall(): Promise<unknown>;
  /** Opens a streamed call played as `script`; the returned iterable is what the app iterates. */
  openStream(script: StreamScript, signal?: AbortSignal): Promise<AsyncIterable<unknown>>;
  /** A valid answer of each kind, from which the malformed ones are derived. */
  validJson(): unknown;
  validFrames(): WireFrame[];
  /** Plays `answer` back and makes the matching call, reading a stream to its end. */
  callWith(answer: MalformedAnswer): Promise<unknown>;
  /** Drops queued answers and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}
