import type { Endpoint } from '../../src/genai/endpoint';
import type { InferenceRequest, InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import type { OperationSpec } from '../../src/genai/operation-spec';
import { asInteger, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import {
  ATTR_AWS_BEDROCK_GUARDRAIL_ID,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
} from '../../src/genai/semconv';
import type { StreamAccumulator, StreamEnding } from '../../src/genai/stream-follower';
import { claudeBody } from './claude-body';
import { cohereChatBody } from './cohere-chat-body';
import { jsonBodyOf } from './json-body';
import { mistralBody } from './mistral-body';
import type { ModelBodyMapping } from './model-body-mapping';
import { type ModelFamily, modelFamilyOf } from './model-family';
import { novaBody } from './nova-body';
import { cohereCommandBody, llamaBody, titanTextBody } from './text-completion-bodies';
import { titanEmbeddingsBody } from './titan-embeddings-body';
import { tokenCountHeadersOf } from './token-count-headers';

const CONTENT_FILTER = 'content_filter';

const BODY_MAPPINGS: Readonly<Record<ModelFamily, ModelBodyMapping>> = {
  anthropic: claudeBody,
  'amazon-nova': novaBody,
  'amazon-titan-text': titanTextBody,
  'amazon-titan-embed': titanEmbeddingsBody,
  'meta-llama': llamaBody,
  mistral: mistralBody,
  'cohere-command-r': cohereChatBody,
  'cohere-command': cohereCommandBody,
};

/** `InvokeModelCommand`: the model family's own JSON body in and out. */
export const invokeModelSpec: OperationSpec = {
  request: (input, endpoint) => invokeModelRequest(input, endpoint, false),
  isStream: () => false,
  result: (response, input, captureContent) => {
    const mapping = mappingOf(input);
    const body = jsonBodyOf(asRecord(response)?.body);
    const headerCounts = tokenCountHeadersOf(response);
    const result = mapping === undefined || body === undefined ? {} : mapping.result(body, captureContent);
    return withGuardrailIntervention(
      withCountsFilledIn(result, headerCounts),
      body !== undefined && guardrailIntervened(body),
    );
  },
};

/** `InvokeModelWithResponseStreamCommand`: the response's `body` is the SDK's event stream of chunks. */
export const invokeModelStreamSpec: OperationSpec = {
  request: (input, endpoint) => invokeModelRequest(input, endpoint, true),
  isStream: () => true,
  result: () => ({}),
  streamOf: (response) => asRecord(response)?.body,
  streamAccumulator: (input, captureContent) =>
    new InvokeModelStreamAccumulator(mappingOf(input)?.streamAccumulator(captureContent)),
};

function mappingOf(input: PayloadRecord): ModelBodyMapping | undefined {
  const family = modelFamilyOf(asString(input.modelId));
  return family === undefined ? undefined : BODY_MAPPINGS[family];
}

/**
 * InvokeModel input (`{ modelId, body, guardrailIdentifier, … }`) → the span's start. Bodies of the
 * families read (Claude, Nova, Titan Text and Embeddings, Llama, Mistral, Cohere Command and
 * Command R) give the operation, settings and content; any other model gets `chat` (`embeddings`
 * for an `embed` model) and its id only.
 */
function invokeModelRequest(input: PayloadRecord, endpoint: Endpoint, stream: boolean): InferenceRequest {
  const modelId = asString(input.modelId);
  const mapping = mappingOf(input);
  const body = mapping === undefined ? undefined : jsonBodyOf(input.body);
  const guardrailId = asString(input.guardrailIdentifier);
  const fromBody =
    mapping !== undefined && body !== undefined
      ? mapping.request(body)
      : {
          operationName: modelId?.includes('embed')
            ? GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS
            : GEN_AI_OPERATION_NAME_VALUE_CHAT,
        };
  return {
    ...fromBody,
    providerName: endpoint.providerName,
    serverAddress: endpoint.serverAddress,
    serverPort: endpoint.serverPort,
    requestModel: modelId,
    stream,
    attributes: guardrailId !== undefined ? { [ATTR_AWS_BEDROCK_GUARDRAIL_ID]: guardrailId } : undefined,
  };
}

/**
 * Decodes each `{ chunk: { bytes } }` event and hands the model's JSON to the family's accumulator.
 * Bedrock adds `amazon-bedrock-invocationMetrics` to the last chunk; its token counts fill in
 * what the family's own chunks did not say (Llama streams send no prompt count).
 */
class InvokeModelStreamAccumulator implements StreamAccumulator<unknown> {
  private invocationUsage: TokenUsage | undefined;
  private intervened = false;

  constructor(private readonly family: StreamAccumulator<PayloadRecord> | undefined) {}

  add(event: unknown): void {
    const chunk = jsonBodyOf(asRecord(asRecord(event)?.chunk)?.bytes);
    if (chunk === undefined) return;
    const metrics = asRecord(chunk['amazon-bedrock-invocationMetrics']);
    if (metrics !== undefined)
      this.invocationUsage = {
        inputTokens: asInteger(metrics.inputTokenCount),
        outputTokens: asInteger(metrics.outputTokenCount),
      };
    this.intervened ||= guardrailIntervened(chunk);
    this.family?.add(chunk);
  }

  result(ending: StreamEnding): InferenceResult {
    const result = withGuardrailIntervention(this.family?.result(ending) ?? {}, this.intervened);
    return withCountsFilledIn(result, this.invocationUsage);
  }
}

/**
 * Whether a guardrail intervened: Bedrock adds `amazon-bedrock-guardrailAction: "INTERVENED"` to
 * the body (or a stream chunk), whose own stop reason (Claude: `end_turn`) then describes the
 * guardrail's canned answer, not the model's.
 */
function guardrailIntervened(body: PayloadRecord): boolean {
  return body['amazon-bedrock-guardrailAction'] === 'INTERVENED';
}

/** The result with every finish reason `content_filter` when a guardrail intervened. */
function withGuardrailIntervention(result: InferenceResult, intervened: boolean): InferenceResult {
  if (!intervened) return result;
  const outputMessages = result.outputMessages;
  return {
    ...result,
    finishReasons: (result.finishReasons ?? [CONTENT_FILTER]).map(() => CONTENT_FILTER),
    outputMessages:
      outputMessages === undefined
        ? undefined
        : () => outputMessages().map((message) => ({ ...message, finish_reason: CONTENT_FILTER })),
  };
}

/**
 * Bedrock's own counts (the `x-amzn-bedrock-*-token-count` headers, the stream's invocation
 * metrics) fill in what the model family's body did not say; the body's counts come first.
 */
function withCountsFilledIn(result: InferenceResult, counts: TokenUsage | undefined): InferenceResult {
  if (counts === undefined) return result;
  const usage = { ...result.usage };
  usage.inputTokens ??= counts.inputTokens;
  usage.outputTokens ??= counts.outputTokens;
  return { ...result, usage };
}
