import {
  GenAISdkInstrumentation,
  type SdkDescription,
  type SdkPatchTarget,
} from '../../src/genai/sdk-instrumentation';
import type { GenAISdkInstrumentationConfig } from '../../src/genai/sdk-instrumentation-config';
import { type AnthropicClassLike, anthropicClassOf, anthropicEndpointOf } from './anthropic-sdk';
import { messagesSpec } from './messages-spec';
import { anthropicChunkText } from './messages-stream-accumulator';
import { argumentsWithoutSdkSpan, streamArgumentsWithoutSdkSpan, tracesItself } from './sdk-own-spans';

/** The instrumentation scope name of every span and metric this instrumentation makes. */
export const ANTHROPIC_INSTRUMENTATION_NAME = 'genai-otel/instrumentation-anthropic';

/** Supported `@anthropic-ai/sdk` versions: the 0.x line from 0.50 and 1.x. */
export const SUPPORTED_ANTHROPIC_VERSIONS = ['>=0.50.0 <2'];

/** The stream helpers call `create()` and, on SDKs that trace themselves, start their own span first. */
const prepareStream = (args: unknown[], client: unknown) =>
  tracesItself(client) && (args[1] as { __span?: unknown } | undefined)?.__span === undefined
    ? streamArgumentsWithoutSdkSpan(args)
    : args;

const PATCH_TARGETS: readonly SdkPatchTarget<AnthropicClassLike>[] = [
  {
    resource: (Anthropic) => Anthropic.Messages,
    method: 'create',
    label: 'messages.create',
    spec: messagesSpec,
  },
  {
    resource: (Anthropic) => Anthropic.Beta?.Messages,
    method: 'create',
    label: 'beta.messages.create',
    spec: messagesSpec,
  },
  {
    resource: (Anthropic) => Anthropic.Messages,
    method: 'stream',
    label: 'messages.stream',
    prepareArguments: prepareStream,
  },
  {
    resource: (Anthropic) => Anthropic.Beta?.Messages,
    method: 'stream',
    label: 'beta.messages.stream',
    prepareArguments: prepareStream,
  },
];

const ANTHROPIC_SDK: SdkDescription<AnthropicClassLike> = {
  sdkName: 'anthropic',
  moduleName: '@anthropic-ai/sdk',
  supportedVersions: SUPPORTED_ANTHROPIC_VERSIONS,
  // The Bedrock and Vertex clients load `@anthropic-ai/sdk/client`, never the package's main entry.
  moduleFiles: ['client.js', 'client.mjs'],
  sdkOf: anthropicClassOf,
  patchTargets: PATCH_TARGETS,
  endpointOf: anthropicEndpointOf,
  chunkText: anthropicChunkText,
  argumentsUnderSpan: argumentsWithoutSdkSpan,
};

/**
 * OpenTelemetry instrumentation for `@anthropic-ai/sdk` (0.x from 0.50, and 1.x): GenAI spans and
 * metrics for `messages.create` and `beta.messages.create`, streaming included, and so for
 * `messages.stream()`, `parse()` and the tool runners, which call them; the same through the
 * `AnthropicBedrock` (`@anthropic-ai/bedrock-sdk`) and `AnthropicVertex`
 * (`@anthropic-ai/vertex-sdk`) clients. On SDK versions that make their own spans, the SDK's
 * span for a traced call is not made: one inference span per model call.
 *
 * `register()` enables it; with your own SDK, pass it like any instrumentation:
 *
 * @example
 * import { NodeSDK } from '@opentelemetry/sdk-node';
 * import { AnthropicInstrumentation } from 'genai-otel';
 * new NodeSDK({ instrumentations: [new AnthropicInstrumentation()] }).start();
 *
 * Bundled apps, where module hooks never see the SDK, call `instrumentAnthropic()` instead.
 */
export class AnthropicInstrumentation extends GenAISdkInstrumentation<AnthropicClassLike> {
  constructor(config: GenAISdkInstrumentationConfig = {}) {
    super(ANTHROPIC_INSTRUMENTATION_NAME, config);
  }

  protected override get sdk(): SdkDescription<AnthropicClassLike> {
    return ANTHROPIC_SDK;
  }
}
