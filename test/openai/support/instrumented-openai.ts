import { beforeAll } from 'vitest';
import { OpenAIInstrumentation } from '../../../instrumentations/openai';
import { lateBound } from '../../support/late-bound';
import type { OpenAIWireServer } from '../../support/openai-wire-server';
import { useOpenAIWireServer } from '../../support/use-openai-wire-server';
import { type OpenAIModule, requireFromRoot } from './load-openai';

export interface InstrumentedOpenAI {
  instrumentation: OpenAIInstrumentation;
  /** The real `openai` package, patched by the require hook as under `--require`. */
  openai: OpenAIModule;
  /** The file's local wire server, emptied before each test. */
  server: OpenAIWireServer;
  /** A client of `openai.OpenAI` pointed at `server` (key `sk-test`). */
  client: InstanceType<OpenAIModule['OpenAI']>;
}

/**
 * The in-process setup of a file that calls the real OpenAI client: constructs the
 * instrumentation BEFORE `openai` is required (so the require hook patches it), starts the local
 * wire server and makes a client for it. Call at the top of the file, after the telemetry module
 * is imported; reset telemetry in the file's own `beforeEach`.
 */
export function useInstrumentedOpenAI(clientOptions: { maxRetries?: number } = {}): InstrumentedOpenAI {
  const instrumentation = new OpenAIInstrumentation();
  const openai = requireFromRoot('openai') as OpenAIModule;
  const server = useOpenAIWireServer();
  const client = lateBound<InstanceType<OpenAIModule['OpenAI']>>('the OpenAI client');
  beforeAll(() => {
    client.set(new openai.OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, ...clientOptions }));
  });
  return { instrumentation, openai, server, client: client.standIn };
}
