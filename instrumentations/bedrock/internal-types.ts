/**
 * The few structural facts about `@aws-sdk/client-bedrock-runtime` (3.x) this instrumentation relies
 * on. Declared here rather than imported so that the SDK stays a dev dependency.
 */
import type { ResourceClassLike } from '../../src/genai/sdk-shapes';

/** A client's resolved configuration (`client.config`): endpoint and region are async providers. */
export interface BedrockClientConfigLike {
  /** Set when the client was given an `endpoint`. */
  isCustomEndpoint?: boolean;
  /** Resolves to `{ hostname, port, protocol, path }` (custom endpoints only). */
  endpoint?: () => Promise<unknown>;
  region?: () => Promise<unknown>;
}

/** A `BedrockRuntimeClient` (or the aggregated `BedrockRuntime`, its subclass). */
export interface BedrockClientLike {
  config?: BedrockClientConfigLike;
}

/** The module's exports (CJS) or namespace (ESM): the client class whose `send` is patched. */
export interface BedrockRuntimeModuleLike {
  BedrockRuntimeClient: ResourceClassLike;
}
