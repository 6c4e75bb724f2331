import { asArray, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';
import { anthropicChunkText } from '../anthropic/messages-mapping';
import { jsonBodyOf } from './json-body';

/**
 * The text a stream event adds, for opt-in `llm.token` events (read only with content capture
 * on): a ConverseStream `contentBlockDelta`, or an InvokeModelWithResponseStream `chunk` whose
 * model JSON is decoded and read in whichever family's shape it has.
 */
export function streamEventText(event: unknown): string | undefined {
  const record = asRecord(event);
  const converseText = deltaText(record);
  if (converseText !== undefined) return converseText;
  const body = jsonBodyOf(asRecord(record?.chunk)?.bytes);
  return body === undefined ? undefined : invokeChunkText(body);
}

function deltaText(event: PayloadRecord | undefined): string | undefined {
  return asString(asRecord(asRecord(event?.contentBlockDelta)?.delta)?.text);
}

/** Claude, Nova, Llama, Titan Text, Mistral (text and chat) and Cohere chunks, in that order. */
function invokeChunkText(body: PayloadRecord): string | undefined {
  if (typeof body.type === 'string') return anthropicChunkText(body);
  return (
    deltaText(body) ??
    asString(body.generation) ??
    asString(body.outputText) ??
    asString(asRecord(asArray(body.outputs)?.[0])?.text) ??
    asString(asRecord(asRecord(asArray(body.choices)?.[0])?.message)?.content) ??
    (body.event_type === undefined || body.event_type === 'text-generation' ? asString(body.text) : undefined)
  );
}
