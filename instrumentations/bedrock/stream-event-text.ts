import { asRecord, asString } from '../../src/genai/payload-readers';

/** The text a ConverseStream `contentBlockDelta` event adds, for opt-in `llm.token` events. */
export function streamEventText(event: unknown): string | undefined {
  return asString(asRecord(asRecord(asRecord(event)?.contentBlockDelta)?.delta)?.text);
}
