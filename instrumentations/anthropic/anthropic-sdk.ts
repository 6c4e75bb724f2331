import type { Endpoint } from '../../src/genai/endpoint';
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

/**
 * The `Anthropic` class from whatever the caller or a module hook has: the package's CJS exports
 * (a function with `Anthropic` and `default`), its `client.js` exports, an ESM namespace (class on
 * `default`/`Anthropic`), or the class itself.
 */
export function anthropicClassOf(target: unknown): AnthropicClassLike | undefined {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const candidates = target as Record<string | symbol, unknown>;
  const namespace =
    candidates[Symbol.toStringTag] === 'Module'
      ? (candidates.default as Record<string, unknown> | undefined)
      : candidates;
  for (const candidate of [namespace?.Anthropic, namespace, candidates.Anthropic, candidates.default]) {
    if (typeof candidate === 'function' && typeof (candidate as AnthropicClassLike).Messages === 'function')
      return candidate as AnthropicClassLike;
  }
  return undefined;
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
