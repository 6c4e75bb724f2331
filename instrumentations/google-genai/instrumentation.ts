import { asRecord } from '../../src/genai/payload-readers';
import { promiseCallFollower } from '../../src/genai/promise-call-follower';
import {
  GenAISdkInstrumentation,
  type SdkDescription,
  type SdkPatchTarget,
} from '../../src/genai/sdk-instrumentation';
import { geminiChunkText } from './chunk-text';
import { embedContentSpec } from './embed-content';
import { googleGenAIErrorType } from './error-type';
import { generateContentSpec, generateContentStreamSpec } from './generate-content';
import type { GoogleGenAIModuleLike, ModelsLike } from './internal-types';
import { endpointOf } from './provider';
import { googleGenAIModuleOf } from './sdk-module';
import type { GoogleGenAIInstrumentationConfig } from './types';

/** The instrumentation scope name of every span and metric this instrumentation makes. */
export const GOOGLE_GENAI_INSTRUMENTATION_NAME = 'genai-otel/instrumentation-google-genai';

/** Supported `@google/genai` majors: 1.x through 3.x. */
export const SUPPORTED_GOOGLE_GENAI_VERSIONS = ['>=1.0.0 <4'];

/**
 * The public `models.generateContent`, `generateContentStream` and `embedContent` are arrow
 * functions set per instance, which no prototype patch reaches; each HTTP call goes through these
 * prototype methods, which chat sessions, automatic function calling and automatic continuation
 * all use too: exactly one span per model call, and never a second one for a chat.
 */
const PATCH_TARGETS: readonly SdkPatchTarget<GoogleGenAIModuleLike>[] = [
  {
    resource: (sdk) => sdk.Models,
    method: 'generateContentInternal',
    label: 'models.generateContent',
    spec: generateContentSpec,
  },
  {
    resource: (sdk) => sdk.Models,
    method: 'generateContentStreamInternal',
    label: 'models.generateContentStream',
    spec: generateContentStreamSpec,
  },
  {
    resource: (sdk) => sdk.Models,
    method: 'embedContentInternal',
    label: 'models.embedContent',
    spec: embedContentSpec,
  },
];

const GOOGLE_GENAI_SDK: SdkDescription<GoogleGenAIModuleLike> = {
  sdkName: 'google-genai',
  moduleName: '@google/genai',
  supportedVersions: SUPPORTED_GOOGLE_GENAI_VERSIONS,
  // What `import '@google/genai/node'` loads (the main entry's Node build is the same file under ESM).
  moduleFiles: ['dist/node/index.mjs'],
  sdkOf: googleGenAIModuleOf,
  patchTargets: PATCH_TARGETS,
  clientOf: (models) => (models as ModelsLike | undefined)?.apiClient,
  endpointOf,
  followCall: promiseCallFollower({
    wasAborted: (params) =>
      (asRecord(params.config)?.abortSignal as AbortSignal | undefined)?.aborted === true,
  }),
  chunkText: geminiChunkText,
  errorTypeOf: googleGenAIErrorType,
};

/**
 * OpenTelemetry instrumentation for `@google/genai` (1.x–3.x), Gemini API and Vertex AI: GenAI
 * spans and metrics for `models.generateContent`, `models.generateContentStream` and
 * `models.embedContent`, and so for `chats.create()` sessions' `sendMessage`/`sendMessageStream`.
 *
 * `register()` enables it; with your own SDK, pass it like any instrumentation:
 *
 * @example
 * import { NodeSDK } from '@opentelemetry/sdk-node';
 * import { GoogleGenAIInstrumentation } from 'genai-otel';
 * new NodeSDK({ instrumentations: [new GoogleGenAIInstrumentation()] }).start();
 *
 * Bundled apps, where module hooks never see `@google/genai`, call `instrumentGoogleGenAI()`.
 */
export class GoogleGenAIInstrumentation extends GenAISdkInstrumentation<GoogleGenAIModuleLike> {
  constructor(config: GoogleGenAIInstrumentationConfig = {}) {
    super(GOOGLE_GENAI_INSTRUMENTATION_NAME, config);
  }

  protected override get sdk(): SdkDescription<GoogleGenAIModuleLike> {
    return GOOGLE_GENAI_SDK;
  }
}
