import type { CommandOperation } from '../../src/genai/command-call-follower';
import { asRecord } from '../../src/genai/payload-readers';
import { followPromiseCall } from '../../src/genai/promise-call-follower';
import {
  GenAISdkInstrumentation,
  type SdkCallFollower,
  type SdkDescription,
  type SdkPatchTarget,
} from '../../src/genai/sdk-instrumentation';
import { converseSpec, converseStreamSpec } from './converse';
import { bedrockErrorType } from './error-type';
import type { BedrockRuntimeModuleLike } from './internal-types';
import { invokeModelSpec, invokeModelStreamSpec } from './invoke-model';
import { withNestedTracingSuppressed } from './nested-tracing';
import { endpointOf, isServerResolved, resolveServer } from './provider';
import { bedrockModuleOf } from './sdk-module';
import { streamEventText } from './stream-event-text';
import { readTokenCountHeaders } from './token-count-headers';
import type { BedrockInstrumentationConfig } from './types';

/** The instrumentation scope name of every span and metric this instrumentation makes. */
export const BEDROCK_INSTRUMENTATION_NAME = 'genai-otel/instrumentation-bedrock';

/** Supported `@aws-sdk/client-bedrock-runtime` versions: 3.x. */
export const SUPPORTED_BEDROCK_RUNTIME_VERSIONS = ['>=3.0.0 <4'];

/** The traced commands, by class name; every other command passes through untraced. */
const COMMANDS: Readonly<Record<string, CommandOperation>> = {
  ConverseCommand: { spec: converseSpec, label: 'Converse' },
  ConverseStreamCommand: { spec: converseStreamSpec, label: 'ConverseStream' },
  InvokeModelCommand: { spec: invokeModelSpec, label: 'InvokeModel' },
  InvokeModelWithResponseStreamCommand: {
    spec: invokeModelStreamSpec,
    label: 'InvokeModelWithResponseStream',
  },
};

/**
 * Every command goes through `client.send(command)` (the aggregated `BedrockRuntime` client's
 * `converse()`, … too), the one public entry the AWS SDK v3 has; it is inherited from Smithy's
 * `Client`, so the wrapper sits on `BedrockRuntimeClient.prototype` and other AWS clients are
 * untouched. The SDK's retries happen inside `send`: one span per logical call.
 */
const PATCH_TARGETS: readonly SdkPatchTarget<BedrockRuntimeModuleLike>[] = [
  { resource: (sdk) => sdk.BedrockRuntimeClient, method: 'send', label: 'send', commands: COMMANDS },
];

/**
 * The plain-promise follower; an abort is told by the `abortSignal` of `send`'s options. A client's
 * first call waits for its server to be resolved (see {@link resolveServer}): `send` returns a
 * promise either way. Spans other instrumentations would start inside `send` are not made
 * ({@link withNestedTracingSuppressed}).
 */
const followSend: SdkCallFollower = (host, spec, method, original, client, args) => {
  readTokenCountHeaders(client);
  const send = withNestedTracingSuppressed(original);
  const follow = () =>
    followPromiseCall(host, spec, method, send, client, args, {
      wasAborted: () => (asRecord(args[1])?.abortSignal as AbortSignal | undefined)?.aborted === true,
    });
  return isServerResolved(client) ? follow() : resolveServer(client).then(follow);
};

const BEDROCK_SDK: SdkDescription<BedrockRuntimeModuleLike> = {
  sdkName: 'bedrock',
  moduleName: '@aws-sdk/client-bedrock-runtime',
  supportedVersions: SUPPORTED_BEDROCK_RUNTIME_VERSIONS,
  sdkOf: bedrockModuleOf,
  patchTargets: PATCH_TARGETS,
  clientOf: (client) => client,
  endpointOf: (client) => endpointOf(client),
  followCall: followSend,
  chunkText: streamEventText,
  errorTypeOf: bedrockErrorType,
};

/**
 * OpenTelemetry instrumentation for `@aws-sdk/client-bedrock-runtime` (3.x): GenAI spans and
 * metrics for `ConverseCommand`, `ConverseStreamCommand`, `InvokeModelCommand` and
 * `InvokeModelWithResponseStreamCommand`, sent through `BedrockRuntimeClient` or `BedrockRuntime`.
 *
 * `register()` enables it; with your own SDK, pass it like any instrumentation:
 *
 * @example
 * import { NodeSDK } from '@opentelemetry/sdk-node';
 * import { BedrockInstrumentation } from 'genai-otel';
 * new NodeSDK({ instrumentations: [new BedrockInstrumentation()] }).start();
 *
 * Bundled apps, where module hooks never see the SDK, call `instrumentBedrock()`.
 */
export class BedrockInstrumentation extends GenAISdkInstrumentation<BedrockRuntimeModuleLike> {
  constructor(config: BedrockInstrumentationConfig = {}) {
    super(BEDROCK_INSTRUMENTATION_NAME, config);
  }

  protected override get sdk(): SdkDescription<BedrockRuntimeModuleLike> {
    return BEDROCK_SDK;
  }
}
