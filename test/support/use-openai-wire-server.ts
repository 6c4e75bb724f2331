import { afterAll, beforeAll, beforeEach } from 'vitest';
import { lateBound } from './late-bound';
import { type OpenAIWireServer, startOpenAIWireServer } from './openai-wire-server';

/**
 * One local OpenAI wire server for the test file: started before the first test, emptied (queued
 * replies and recorded requests) before each, closed after the last.
 */
export function useOpenAIWireServer(): OpenAIWireServer {
  const server = lateBound<OpenAIWireServer>('the OpenAI wire server');
  beforeAll(async () => {
    server.set(await startOpenAIWireServer());
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
