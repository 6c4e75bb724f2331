import type { Endpoint } from '../../src/genai/endpoint';
import { asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import {
  GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI,
} from '../../src/genai/semconv';
import { serverAddressFromUrl } from '../../src/genai/server-address';
import type { GoogleApiClientLike } from './internal-types';

/**
 * `gcp.vertex_ai` for clients built with `vertexai: true`, `gcp.gemini` (the Gemini API) otherwise;
 * the server is the call's `config.httpOptions.baseUrl` when it overrides the client's, else the
 * client's effective base URL (its `httpOptions.baseUrl`, or the SDK's Gemini/Vertex host). The
 * API version (`httpOptions.apiVersion`) is a path segment and changes neither.
 */
export function endpointOf(client: unknown, params: PayloadRecord): Endpoint {
  const apiClient = client as GoogleApiClientLike | undefined;
  const callBaseUrl = asString(asRecord(asRecord(params.config)?.httpOptions)?.baseUrl);
  const server = serverAddressFromUrl(callBaseUrl ?? apiClient?.getBaseUrl?.());
  return {
    providerName:
      apiClient?.isVertexAI?.() === true
        ? GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI
        : GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI,
    serverAddress: server?.address,
    serverPort: server?.port,
  };
}
