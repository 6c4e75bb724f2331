import { followSdkCall } from '../../src/genai/sdk-call-follower';
import type { SdkDescription, SdkPatchTarget } from '../../src/genai/sdk-instrumentation';
import { GenAISdkInstrumentation } from '../../src/genai/sdk-instrumentation';
import type { GenAISdkInstrumentationConfig } from '../../src/genai/sdk-instrumentation-config';
import {
  type AnthropicClassLike,
  anthropicClassOf,
  anthropicEndpointOf,
  anthropicErrorTypeOf,
} from './anthropic-sdk';
import { messagesSpec } from './messages-spec';
import { anthropicChunkText } from './messages-stream-accumulator';
import {
  anthropicCallFollower,
  argumentsWithoutSdkSpan,
  streamArgumentsWithoutSdkSpan,
} from './sdk-own-spans';

/** The instrumentation scope name of every span and metric this instrumentation makes. */
export const ANTHROPIC_INSTRUMENTATION_NAME = 'genai-otel/instrumentation-anthropic';

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

/** `messages` and `beta.messages` are separate classes with the same two methods. */
const MESSAGES_RESOURCES: ReadonlyArray<[string, SdkPatchTarget<AnthropicClassLike>['resource']]> = [
  ['messages', (Anthropic) => Anthropic.Messages],
  ['beta.messages', (Anthropic) => Anthropic.Beta?.Messages],
];

const ANTHROPIC_SDK: SdkDescription<AnthropicClassLike> = {
  sdkName: 'anthropic',
  moduleName: '@anthropic-ai/sdk',
  // The 0.x line from 0.50 (tested: 0.133, 0.137) and 1.x (tested: 1.17).
  supportedVersions: ['>=0.50.0 <2'],
  // The Bedrock and Vertex clients load `@anthropic-ai/sdk/client`, never the package's main entry.
  moduleFiles: ['client.js', 'client.mjs'],
  sdkOf: anthropicClassOf,
  patchTargets: MESSAGES_RESOURCES.flatMap(([name, resource]) => [
    { resource, method: 'create', label: `${name}.create`, spec: messagesSpec },
    { resource, method: 'stream', label: `${name}.stream`, prepareArguments: streamArgumentsWithoutSdkSpan },
  ]),
  endpointOf: anthropicEndpointOf,
  chunkText: anthropicChunkText,
  errorTypeOf: anthropicErrorTypeOf,
  argumentsUnderSpan: argumentsWithoutSdkSpan,
  followCall: anthropicCallFollower(followSdkCall),
};
