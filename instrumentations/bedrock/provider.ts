import type { Endpoint } from '../../src/genai/endpoint';
import { asInteger, asRecord, asString } from '../../src/genai/payload-readers';
import { GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK } from '../../src/genai/semconv';
import type { ServerAddress } from '../../src/genai/server-address';
import type { BedrockClientLike } from './internal-types';

/** Each client's server, once resolved; the SDK's config does not change after construction. */
const resolvedServers = new WeakMap<object, ServerAddress | undefined>();

/**
 * `aws.bedrock`, and the server the client sends to, when {@link resolveServer} has resolved it:
 * the `endpoint` it was given, else the regional host `bedrock-runtime.{region}.amazonaws.com`.
 */
export function endpointOf(client: unknown): Endpoint {
  const server = typeof client === 'object' && client !== null ? resolvedServers.get(client) : undefined;
  return {
    providerName: GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
    serverAddress: server?.address,
    serverPort: server?.port,
  };
}

/** Whether the client's server is already known, so a call can start its span at once. */
export function isServerResolved(client: unknown): boolean {
  return typeof client === 'object' && client !== null && resolvedServers.has(client);
}

/**
 * Resolves the client's server from its config. The SDK keeps the endpoint and region as async
 * providers (the region may come from the environment or a profile), so the first call of each
 * client waits for them before its span starts; later calls read the cached answer. A failure
 * leaves the spans without `server.address`, never the call without a span.
 */
export async function resolveServer(client: unknown): Promise<void> {
  if (typeof client !== 'object' || client === null) return;
  let server: ServerAddress | undefined;
  try {
    const config = (client as BedrockClientLike).config;
    if (config?.isCustomEndpoint === true && typeof config.endpoint === 'function')
      server = configuredServer(await config.endpoint());
    else if (typeof config?.region === 'function') server = regionalServer(await config.region());
  } catch {
    server = undefined;
  }
  resolvedServers.set(client, server);
}

/** A resolved Smithy endpoint (`{ hostname, port, protocol }`). */
function configuredServer(endpoint: unknown): ServerAddress | undefined {
  const parts = asRecord(endpoint);
  const hostname = asString(parts?.hostname);
  if (hostname === undefined) return undefined;
  const https = asString(parts?.protocol) !== 'http:';
  return { address: hostname, port: asInteger(parts?.port) ?? (https ? 443 : 80) };
}

function regionalServer(region: unknown): ServerAddress | undefined {
  if (typeof region !== 'string' || !/^[a-z0-9-]+$/.test(region)) return undefined;
  return { address: `bedrock-runtime.${region}.amazonaws.com`, port: 443 };
}
