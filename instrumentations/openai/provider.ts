import type { Endpoint } from '../../src/genai/endpoint';
import {
  GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from '../../src/genai/semconv';
import { serverAddressFromUrl } from '../../src/genai/server-address';
import type { OpenAIClientLike } from './internal-types';

const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;

/**
 * `azure.ai.openai` for `AzureOpenAI` clients and Azure OpenAI hosts, `openai` otherwise: the
 * conventions say OpenAI-compatible servers reached through the OpenAI SDK keep `openai`, and
 * their `server.address` tells them apart. The answer is remembered per client (an app makes many
 * calls through few clients) until its `baseURL` changes; callers must not modify it.
 */
export function endpointOf(client: OpenAIClientLike | undefined): Endpoint {
  if (typeof client !== 'object' || client === null) return computeEndpoint(client);
  const baseURL = client.baseURL;
  const remembered = endpoints.get(client);
  if (remembered !== undefined && remembered.baseURL === baseURL) return remembered.endpoint;
  const endpoint = computeEndpoint(client);
  endpoints.set(client, { baseURL, endpoint });
  return endpoint;
}

const endpoints = new WeakMap<OpenAIClientLike, { baseURL: unknown; endpoint: Endpoint }>();

function computeEndpoint(client: OpenAIClientLike | undefined): Endpoint {
  const server = serverAddressFromUrl(client?.baseURL);
  const isAzure =
    client?.constructor?.name === 'AzureOpenAI' || (server !== undefined && AZURE_HOST.test(server.address));
  return {
    providerName: isAzure ? GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI : GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
    serverAddress: server?.address,
    serverPort: server?.port,
  };
}
