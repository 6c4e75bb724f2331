import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
} from './semconv';

/** The attribute sets of one call's metric records (never mutated: shared by every call alike). */
export interface MetricAttributeSets {
  /** Every metric's: operation, provider, request and response model, server address and port. */
  readonly common: Attributes;
  /** Duration's: `common` plus the provider's refinements. */
  readonly refined: Attributes;
  /** Token usage's, per token type: `refined` plus `gen_ai.token.type`. */
  readonly inputTokens: Attributes;
  readonly outputTokens: Attributes;
}

/** Distinct sets remembered before the cache starts over (sdk-metrics' default cardinality limit). */
const MAX_REMEMBERED_SETS = 2000;

type Level = Map<unknown, unknown>;

/**
 * The metric attribute sets of calls, built once per distinct combination of values and then
 * reused: a call's four or five metric records would otherwise build four attribute objects per
 * call, all alike from call to call. Keyed by the values themselves through nested maps, so a
 * lookup allocates nothing. One cache per set of instruments ({@link GenAIMetrics}).
 */
export class MetricAttributeSetCache {
  private root: Level = new Map();
  private size = 0;

  /**
   * The sets for a call's values (undefined: the call has none), built on first use. The
   * server, when the response tells it, and OpenAI's `openai.response.service_tier` (a refinement
   * its duration and token metrics list) come from the response.
   */
  setsFor(
    operationName: string,
    providerName: string | undefined,
    requestModel: string | undefined,
    responseModel: string | undefined,
    serverAddress: string | undefined,
    serverPort: number | undefined,
    serviceTier: string | undefined,
  ): MetricAttributeSets {
    if (this.size >= MAX_REMEMBERED_SETS) {
      this.root = new Map();
      this.size = 0;
    }
    let level = step(this.root, operationName);
    level = step(level, providerName);
    level = step(level, requestModel);
    level = step(level, responseModel);
    level = step(level, serverAddress);
    level = step(level, serverPort);
    let sets = level.get(serviceTier) as MetricAttributeSets | undefined;
    if (sets === undefined) {
      const common: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: operationName };
      if (providerName !== undefined) common[ATTR_GEN_AI_PROVIDER_NAME] = providerName;
      if (requestModel !== undefined) common[ATTR_GEN_AI_REQUEST_MODEL] = requestModel;
      if (serverAddress !== undefined) common[ATTR_SERVER_ADDRESS] = serverAddress;
      if (serverPort !== undefined) common[ATTR_SERVER_PORT] = serverPort;
      if (responseModel !== undefined) common[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
      sets = setsOf(common, serviceTier);
      level.set(serviceTier, sets);
      this.size++;
    }
    return sets;
  }
}

function step(level: Level, value: unknown): Level {
  let next = level.get(value) as Level | undefined;
  if (next === undefined) {
    next = new Map();
    level.set(value, next);
  }
  return next;
}

function setsOf(common: Attributes, serviceTier: string | undefined): MetricAttributeSets {
  const refined: Attributes =
    serviceTier === undefined ? common : { ...common, [ATTR_OPENAI_RESPONSE_SERVICE_TIER]: serviceTier };
  return {
    common,
    refined,
    inputTokens: { ...refined, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT },
    outputTokens: { ...refined, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT },
  };
}
