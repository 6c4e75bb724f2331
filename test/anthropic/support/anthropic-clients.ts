import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AnthropicWireServer } from '../../support/anthropic-wire-server';

/**
 * CommonJS `require` from the project root. The real `@anthropic-ai/sdk` (and the Bedrock and
 * Vertex clients, which load it by subpath) must be required after the instrumentation is
 * constructed, so that the require hook patches it as under `--require genai-otel/register`; the
 * aliased 0.x SDK (`anthropic-sdk-v0`) is not named `@anthropic-ai/sdk`, so tests instrument it
 * with `instrument()`. The aliased 0.x Bedrock and Vertex clients load their own nested 0.x SDK
 * by its real name, which the hooks do see.
 */
export const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

/** The fake credentials every test client uses; none may appear in exported telemetry. */
export const TEST_API_KEY = 'sk-ant-api03-genaiOtelTestKeyDoNotExport';
export const TEST_AWS_ACCESS_KEY = 'AKIAGENAIOTELTESTKEY';
export const TEST_AWS_SECRET_KEY = 'genaiOtelTestAwsSecretDoNotExport';
export const TEST_GOOGLE_TOKEN = 'ya29.genaiOtelTestGoogleTokenDoNotExport';

// Loose types: 0.x and 1.x, and the three clients, type their methods differently; the wire
// behaviour under test does not differ.
// biome-ignore lint/suspicious/noExplicitAny: each SDK line returns its own APIPromise/Stream types.
type Loose = any;
export interface AnyMessages {
  create(body: object, options?: object): Loose;
  stream(body: object, options?: object): Loose;
  countTokens?(body: object, options?: object): Loose;
}
export interface AnyAnthropicClient {
  messages: AnyMessages;
  beta: { messages: AnyMessages };
}

/** Which client class and which SDK line a test runs on. */
export type ClientKind = 'anthropic' | 'bedrock' | 'vertex';
export type SdkLine = 'v1' | 'v0';

const PACKAGES: Record<SdkLine, Record<ClientKind, string>> = {
  v1: {
    anthropic: '@anthropic-ai/sdk',
    bedrock: '@anthropic-ai/bedrock-sdk',
    vertex: '@anthropic-ai/vertex-sdk',
  },
  v0: {
    anthropic: 'anthropic-sdk-v0',
    bedrock: 'anthropic-bedrock-sdk-v0',
    vertex: 'anthropic-vertex-sdk-v0',
  },
};

/** The package a test loads for `kind` on `line`. */
export function packageName(kind: ClientKind, line: SdkLine): string {
  return PACKAGES[line][kind];
}

/**
 * A client of `kind` from the `line` packages pointed at the wire server, with fake credentials:
 * an API key, SigV4-signing AWS keys, or a Google auth client that hands out a fixed token.
 */
export function clientFor(
  kind: ClientKind,
  line: SdkLine,
  server: AnthropicWireServer,
  options: Record<string, unknown> = {},
): AnyAnthropicClient {
  const module = requireFromRoot(packageName(kind, line)) as Record<string, new (options: object) => Loose>;
  switch (kind) {
    case 'anthropic':
      return new (module.Anthropic as new (o: object) => Loose)({
        apiKey: TEST_API_KEY,
        baseURL: server.url,
        ...options,
      });
    case 'bedrock':
      return new (module.AnthropicBedrock as new (o: object) => Loose)({
        awsRegion: 'us-east-1',
        awsAccessKey: TEST_AWS_ACCESS_KEY,
        awsSecretKey: TEST_AWS_SECRET_KEY,
        baseURL: server.url,
        ...options,
      });
    case 'vertex':
      return new (module.AnthropicVertex as new (o: object) => Loose)({
        region: 'us-east5',
        projectId: 'genai-otel-tests',
        baseURL: server.vertexBaseURL,
        authClient: {
          projectId: 'genai-otel-tests',
          getRequestHeaders: async () => new Headers({ authorization: `Bearer ${TEST_GOOGLE_TOKEN}` }),
        },
        ...options,
      });
  }
}

/** The model id each client expects (Bedrock and Vertex name Claude models their own way). */
export const MODEL_BY_CLIENT: Record<ClientKind, string> = {
  anthropic: 'claude-sonnet-4-6',
  bedrock: 'anthropic.claude-sonnet-4-6',
  vertex: 'claude-sonnet-4-6',
};

export const PROVIDER_BY_CLIENT: Record<ClientKind, string> = {
  anthropic: 'anthropic',
  bedrock: 'aws.bedrock',
  vertex: 'gcp.vertex_ai',
};
