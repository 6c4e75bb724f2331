import { afterAll, beforeAll } from 'vitest';
import type { RegisterOptions } from '../../../../src/config/register-options';
import type { GenAIOtelHandle } from '../../../../src/process-state';
import { lateBound } from '../../../support/late-bound';
import { registerForTests } from '../register-for-tests';
import { RELIABILITY_INTEGRATIONS } from './index';
import type {
  ControllableInstrumentation,
  IntegrationClient,
  ReliabilityIntegration,
} from './integration-under-test';

export interface IntegrationsInUse {
  /** genai-otel as `register(options)` set it up, with every integration's instrumentation. */
  handle: GenAIOtelHandle;
  instrumentationOf(integration: ReliabilityIntegration): ControllableInstrumentation;
  clientOf(integration: ReliabilityIntegration): IntegrationClient;
}

/**
 * A test file's setup for the parametrised suite: every integration's instrumentation is made
 * first (so each library is patched when it loads), `register(options)` is called with all of
 * them, then each integration's wire server and client start; all stop after the file.
 */
export function useIntegrations(options: RegisterOptions): IntegrationsInUse {
  const instrumentations = new Map(
    RELIABILITY_INTEGRATIONS.map((integration) => [integration.name, integration.instrumentation()]),
  );
  const handle = lateBound<GenAIOtelHandle>('the register() handle');
  const clients = new Map<string, IntegrationClient>();
  beforeAll(async () => {
    handle.set(registerForTests({ ...options, instrumentations: [...instrumentations.values()] }));
    for (const integration of RELIABILITY_INTEGRATIONS)
      clients.set(integration.name, await integration.start());
  });
  afterAll(async () => {
    await handle.current()?.shutdown();
    for (const client of clients.values()) await client.close();
  });
  return {
    handle: handle.standIn,
    instrumentationOf: (integration) => instrumentations.get(integration.name) as ControllableInstrumentation,
    clientOf(integration) {
      const client = clients.get(integration.name);
      if (client === undefined) throw new Error(`${integration.name} has not started`);
      return client;
    },
  };
}
