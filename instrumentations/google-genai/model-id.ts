import { asString } from '../../src/genai/payload-readers';

/**
 * The model id in `gen_ai.request.model` (and the span name): the SDK accepts `gemini-2.5-flash`,
 * `models/gemini-2.5-flash`, `publishers/google/models/gemini-2.5-flash` and full Vertex resource
 * names, which all mean the id after the last `models/`. Tuned models (`tunedModels/…`) and
 * Vertex endpoints (`projects/…/endpoints/…`) are kept as given.
 */
export function modelIdOf(model: unknown): string | undefined {
  const name = asString(model);
  if (name === undefined) return undefined;
  const index = name.lastIndexOf('models/');
  if (index < 0 || (index > 0 && name[index - 1] !== '/')) return name;
  return name.slice(index + 'models/'.length);
}
