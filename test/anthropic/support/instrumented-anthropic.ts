import { beforeAll } from 'vitest';
import { AnthropicInstrumentation } from '../../../instrumentations/anthropic';
import type { AnthropicWireServer } from '../../support/anthropic-wire-server';
import { lateBound } from '../../support/late-bound';
import { useAnthropicWireServer } from '../../support/use-anthropic-wire-server';
import { type AnyAnthropicClient, clientFor, requireFromRoot } from './anthropic-clients';

export interface InstrumentedAnthropic {
  instrumentation: AnthropicInstrumentation;
  /** The file's local wire server, emptied before each test. */
  server: AnthropicWireServer;
  /** An `Anthropic` client of the real 1.x SDK (patched by the require hook) pointed at `server`. */
  client: AnyAnthropicClient;
}

/**
 * The in-process setup of a file that calls the real Anthropic client: constructs the
 * instrumentation BEFORE `@anthropic-ai/sdk` is required (so the require hook patches it, as under
 * `--require`), starts the local wire server and makes a client for it. Reset telemetry in the
 * file's own `beforeEach`.
 */
export function useInstrumentedAnthropic(clientOptions: Record<string, unknown> = {}): InstrumentedAnthropic {
  const instrumentation = new AnthropicInstrumentation();
  requireFromRoot('@anthropic-ai/sdk');
  const server = useAnthropicWireServer();
  const client = lateBound<AnyAnthropicClient>('the Anthropic client');
  beforeAll(() => {
    client.set(clientFor('anthropic', 'v1', server, clientOptions));
  });
  return { instrumentation, server, client: client.standIn };
}
