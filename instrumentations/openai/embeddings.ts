import type { InferenceResult } from '../../src/genai/inference-types';
import type { OperationSpec } from '../../src/genai/operation-spec';
import { asArray, asInteger, asRecord, asString } from '../../src/genai/payload-readers';
import { requestHead } from '../../src/genai/request-head';
import { GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS } from '../../src/genai/semconv';
import { tokenUsageOf } from './openai-usage';

/** `embeddings.create`. The conventions define no content attributes for embeddings inputs. */
export const embeddingsSpec: OperationSpec = {
  request(params, endpoint) {
    const encodingFormat = asString(params.encoding_format);
    return {
      ...requestHead(GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS, params, endpoint),
      encodingFormats: encodingFormat !== undefined ? [encodingFormat] : undefined,
    };
  },

  isStream: () => false,

  // A chat framework's inference span never stands for an embeddings call.
  joinsFrameworkInference: false,

  result(body, params): InferenceResult {
    const response = asRecord(body);
    if (response === undefined) return {};
    const usage = tokenUsageOf(response.usage);
    return {
      responseModel: asString(response.model),
      // Embeddings have no output tokens; report only what the API counted.
      usage: usage?.inputTokens !== undefined ? { inputTokens: usage.inputTokens } : undefined,
      embeddingDimensions:
        dimensionsOf(asRecord(asArray(response.data)?.[0])?.embedding) ?? asInteger(params.dimensions),
    };
  },
};

/** Vector length of a float array, or of base64-encoded float32s when the caller asked for base64. */
function dimensionsOf(embedding: unknown): number | undefined {
  if (Array.isArray(embedding)) return embedding.length;
  if (typeof embedding === 'string') {
    const padding = embedding.endsWith('==') ? 2 : embedding.endsWith('=') ? 1 : 0;
    return Math.floor(((embedding.length * 3) / 4 - padding) / 4);
  }
  return undefined;
}
