import type { Endpoint } from '../../src/genai/endpoint';
import { sdkClassOf } from '../../src/genai/sdk-class';
import type { ResourceClassLike } from '../../src/genai/sdk-shapes';
import {
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI,
} from '../../src/genai/semconv';
import { serverAddressFromUrl } from '../../src/genai/server-address';

/** The `Anthropic` class with the static resource classes that lead to the patched prototypes. */
export interface AnthropicClassLike {
  Messages?: ResourceClassLike;
  Beta?: { Messages?: ResourceClassLike };
}

/** Enough of a client (`Anthropic`, `AnthropicBedrock`, `AnthropicVertex`) for the instrumentation. */
interface AnthropicClientLike {
  baseURL?: unknown;
  /** 1.x (and 0.134+): the provider name its own spans use, set by the Bedrock and Vertex clients. */
  _genAIProviderName?: unknown;
  constructor?: { name?: string };
}

/** The `Anthropic` class from the package's exports, its `client.js` exports, or the class itself. */
export function anthropicClassOf(target: unknown): AnthropicClassLike | undefined {
  return sdkClassOf<AnthropicClassLike>(
    target,
    'Anthropic',
    (Anthropic) => typeof Anthropic.Messages === 'function',
  );
}

/**
 * `aws.bedrock` for `AnthropicBedrock` clients, `gcp.vertex_ai` for `AnthropicVertex`, `anthropic`
 * otherwise; the server is the client's `baseURL` (the Bedrock and Vertex clients rewrite only
 * the path).
 */
export function anthropicEndpointOf(client: unknown): Endpoint {
  const anthropicClient = client as AnthropicClientLike | undefined;
  const server = serverAddressFromUrl(anthropicClient?.baseURL);
  return {
    providerName: providerNameOf(anthropicClient),
    serverAddress: server?.address,
    serverPort: server?.port,
  };
}

function providerNameOf(client: AnthropicClientLike | undefined): string {
  if (typeof client?._genAIProviderName === 'string') return client._genAIProviderName;
  const className = client?.constructor?.name ?? '';
  if (className.startsWith('AnthropicBedrock')) return GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK;
  if (className.startsWith('AnthropicVertex')) return GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI;
  return GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC;
}

/**
 * An `error` event mid-stream reaches the app as the SDK's generic `APIError`, which carries the
 * API's error type (`overloaded_error`); that says more than the class name. HTTP errors keep
 * their class name (`RateLimitError`, `OverloadedError`), the default.
 */
export function anthropicErrorTypeOf(error: unknown): string | undefined {
  const apiError = error as { constructor?: { name?: string }; type?: unknown } | null;
  if (apiError?.constructor?.name !== 'APIError') return undefined;
  return typeof apiError.type === 'string' && apiError.type !== '' ? apiError.type : undefined;
}
