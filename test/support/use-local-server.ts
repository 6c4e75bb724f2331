import { afterAll, beforeAll, beforeEach } from 'vitest';
import { lateBound } from './late-bound';

/** What a local test server offers its test file. */
export interface ResettableServer {
  reset(): void;
  close(): Promise<void>;
}

/**
 * One local server for the test file: started before the first test, reset (queued replies and
 * recorded requests dropped) before each, closed after the last.
 */
export function useLocalServer<Server extends ResettableServer>(
  description: string,
  start: () => Promise<Server>,
): Server {
  const server = lateBound<Server>(description);
  beforeAll(async () => {
    server.set(await start());
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
