import {
  GenAISdkInstrumentation,
  type SdkDescription,
  type SdkPatchTarget,
} from '../../src/genai/sdk-instrumentation';
import { chatCompletionsSpec } from './chat-completions';
import { openAIChunkText } from './chunk-text';
import { completionsSpec } from './completions';
import { embeddingsSpec } from './embeddings';
import type { OpenAIClassLike, OpenAIClientLike } from './internal-types';
import { openAIClassOf } from './openai-class';
import { endpointOf } from './provider';
import { responsesSpec } from './responses';
import type { OpenAIInstrumentationConfig } from './types';

/** The instrumentation scope name of every span and metric this instrumentation makes. */
export const OPENAI_INSTRUMENTATION_NAME = 'genai-otel/instrumentation-openai';

/** Supported `openai` majors: v4 (4.x … 4.104) through v7. */
export const SUPPORTED_OPENAI_VERSIONS = ['>=4.0.0 <8'];

const PATCH_TARGETS: readonly SdkPatchTarget<OpenAIClassLike>[] = [
  {
    resource: (OpenAI) => OpenAI.Chat?.Completions,
    method: 'create',
    label: 'chat.completions.create',
    spec: chatCompletionsSpec,
  },
  {
    resource: (OpenAI) => OpenAI.Responses,
    method: 'create',
    label: 'responses.create',
    spec: responsesSpec,
  },
  {
    resource: (OpenAI) => OpenAI.Embeddings,
    method: 'create',
    label: 'embeddings.create',
    spec: embeddingsSpec,
  },
  {
    resource: (OpenAI) => OpenAI.Completions,
    method: 'create',
    label: 'completions.create',
    spec: completionsSpec,
  },
];

const OPENAI_SDK: SdkDescription<OpenAIClassLike> = {
  sdkName: 'openai',
  moduleName: 'openai',
  supportedVersions: SUPPORTED_OPENAI_VERSIONS,
  sdkOf: openAIClassOf,
  patchTargets: PATCH_TARGETS,
  endpointOf: (client) => endpointOf(client as OpenAIClientLike | undefined),
  chunkText: openAIChunkText,
};

/**
 * OpenTelemetry instrumentation for the `openai` package (v4–v7): GenAI spans and metrics for
 * `chat.completions.create` (with `.parse`, `.stream` and `.runTools`, which go through it),
 * `responses.create` (with `.parse` and `.stream`), `embeddings.create` and legacy
 * `completions.create`, streaming included.
 *
 * `register()` enables it; with your own SDK, pass it like any instrumentation:
 *
 * @example
 * import { NodeSDK } from '@opentelemetry/sdk-node';
 * import { OpenAIInstrumentation } from 'genai-otel';
 * new NodeSDK({ instrumentations: [new OpenAIInstrumentation()] }).start();
 *
 * Bundled apps, where module hooks never see `openai`, call {@link instrument} instead.
 */
export class OpenAIInstrumentation extends GenAISdkInstrumentation<OpenAIClassLike> {
  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(OPENAI_INSTRUMENTATION_NAME, config);
  }

  protected override get sdk(): SdkDescription<OpenAIClassLike> {
    return OPENAI_SDK;
  }
}
