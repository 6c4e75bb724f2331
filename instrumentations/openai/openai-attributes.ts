import { asString, type PayloadRecord } from '../../src/genai/payload-readers';
import {
  ATTR_OPENAI_API_TYPE,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
} from '../../src/genai/semconv';

/** `openai.api.type` and the requested service tier. */
export function openAIRequestAttributes(apiType: string, params: PayloadRecord): Record<string, string> {
  const attributes: Record<string, string> = { [ATTR_OPENAI_API_TYPE]: apiType };
  const serviceTier = asString(params.service_tier);
  if (serviceTier !== undefined) attributes[ATTR_OPENAI_REQUEST_SERVICE_TIER] = serviceTier;
  return attributes;
}

/** The service tier and system fingerprint a response reports (span attributes; never on metrics, where they would split every series). */
export function openAIResponseAttributes(response: PayloadRecord): Record<string, string> | undefined {
  const serviceTier = asString(response.service_tier);
  const fingerprint = asString(response.system_fingerprint);
  if (serviceTier === undefined && fingerprint === undefined) return undefined;
  const attributes: Record<string, string> = {};
  if (serviceTier !== undefined) attributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER] = serviceTier;
  if (fingerprint !== undefined) attributes[ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT] = fingerprint;
  return attributes;
}
