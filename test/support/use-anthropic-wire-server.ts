import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type AnthropicWireServer, startAnthropicWireServer } from './anthropic-wire-server';
import { lateBound } from './late-bound';

/**
 * One local Anthropic wire server for the test file: started before the first test, emptied
 * (queued replies and recorded requests) before each, closed after the last.
 */
export function useAnthropicWireServer(): AnthropicWireServer {
  const server = lateBound<AnthropicWireServer>('the Anthropic wire server');
  beforeAll(async () => {
    server.set(await startAnthropicWireServer());
  });
  afterAll(async () => {
    await server.current()?.close();
    server.set(undefined);
  });
  beforeEach(() => {
    server.standIn.reset();
  });
  return server.standIn;
}
