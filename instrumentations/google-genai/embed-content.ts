import type { InferenceResult } from '../../src/genai/inference-types';
import type { OperationSpec } from '../../src/genai/operation-spec';
import { asArray, asInteger, asRecord } from '../../src/genai/payload-readers';
import { requestHead } from '../../src/genai/request-head';
import { GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS } from '../../src/genai/semconv';
import { modelIdOf } from './model-id';

/**
 * `Models.embedContentInternal` (`models.embedContent`: Gemini `batchEmbedContents`, Vertex
 * `predict`, `embedContent` or `batchEmbedContents`). The conventions define no content
 * attributes for embeddings inputs.
 */
export const embedContentSpec: OperationSpec = {
  request: (params, endpoint) => ({
    ...requestHead(GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS, params, endpoint),
    requestModel: modelIdOf(params.model),
  }),

  isStream: () => false,

  // A chat framework's inference span never stands for an embeddings call.
  joinsFrameworkInference: false,

  result(body, params): InferenceResult {
    const response = asRecord(body);
    if (response === undefined) return {};
    const embeddings = (asArray(response.embeddings) ?? []).map((entry) => asRecord(entry) ?? {});
    const values = asArray(embeddings[0]?.values);
    return {
      usage: inputTokensOf(response, embeddings),
      embeddingDimensions: values?.length ?? asInteger(asRecord(params.config)?.outputDimensionality),
    };
  },
};

/**
 * `usageMetadata.promptTokenCount` where the API reports it, else the sum of Vertex's per-input
 * `statistics.tokenCount`; nothing when neither is there (never estimated).
 */
function inputTokensOf(
  response: Record<string, unknown>,
  embeddings: Record<string, unknown>[],
): InferenceResult['usage'] {
  const prompt = asInteger(asRecord(response.usageMetadata)?.promptTokenCount);
  if (prompt !== undefined) return { inputTokens: prompt };
  let total: number | undefined;
  for (const embedding of embeddings) {
    const count = asInteger(asRecord(embedding.statistics)?.tokenCount);
    if (count !== undefined) total = (total ?? 0) + count;
  }
  return total !== undefined ? { inputTokens: total } : undefined;
}
