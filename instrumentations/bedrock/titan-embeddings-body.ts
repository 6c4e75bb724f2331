import { asArray, asInteger, asStringList } from '../../src/genai/payload-readers';
import { GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS } from '../../src/genai/semconv';
import type { ModelBodyMapping } from './model-body-mapping';

/**
 * Amazon Titan Embeddings (`amazon.titan-embed-text-v1`/`-v2`): `inputText`, `dimensions`,
 * `embeddingTypes`; the answer's `embedding` and `inputTextTokenCount`. It has no stream.
 */
export const titanEmbeddingsBody: ModelBodyMapping = {
  request: (body) => ({
    operationName: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
    encodingFormats: asStringList(body.embeddingTypes),
  }),
  result: (body) => ({
    usage: { inputTokens: asInteger(body.inputTextTokenCount) },
    embeddingDimensions: asArray(body.embedding)?.length,
  }),
  streamAccumulator: () => ({ add: () => {}, result: () => ({}) }),
};
