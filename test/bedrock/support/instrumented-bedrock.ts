import { afterAll, beforeAll, beforeEach } from 'vitest';
import { BedrockInstrumentation } from '../../../instrumentations/bedrock';
import { requireFromRoot } from '../../openai/support/load-openai';
import {
  type BedrockWireServer,
  bedrockClientOptions,
  startBedrockWireServer,
} from '../../support/bedrock-wire-server';
import { lateBound } from '../../support/late-bound';

export type BedrockModule = typeof import('@aws-sdk/client-bedrock-runtime');
type BedrockClient = InstanceType<BedrockModule['BedrockRuntimeClient']>;

export interface InstrumentedBedrock {
  instrumentation: BedrockInstrumentation;
  /** The real `@aws-sdk/client-bedrock-runtime` (CJS build), patched by the require hook as under `--require`. */
  bedrock: BedrockModule;
  /** The file's local h2c Bedrock Runtime, emptied before each test. */
  server: BedrockWireServer;
  /** A `BedrockRuntimeClient` (fake credentials, one attempt) pointed at `server`. */
  client: BedrockClient;
}

/**
 * The in-process setup of a file that calls the real Bedrock Runtime client: constructs the
 * instrumentation BEFORE the SDK is required (so the require hook patches it), starts the local
 * wire server and makes a client for it.
 */
export function useInstrumentedBedrock(): InstrumentedBedrock {
  const instrumentation = new BedrockInstrumentation();
  const bedrock = requireFromRoot('@aws-sdk/client-bedrock-runtime') as BedrockModule;
  const server = lateBound<BedrockWireServer>('the Bedrock wire server');
  const client = lateBound<BedrockClient>('the Bedrock Runtime client');
  beforeAll(async () => {
    server.set(await startBedrockWireServer());
    client.set(new bedrock.BedrockRuntimeClient(bedrockClientOptions(server.standIn)));
  });
  afterAll(async () => {
    client.current()?.destroy();
    await server.current()?.close();
  });
  beforeEach(() => server.standIn.reset());
  return { instrumentation, bedrock, server: server.standIn, client: client.standIn };
}
