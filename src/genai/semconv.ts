/**
 * Every GenAI attribute, metric and value name genai-otel writes, in one place.
 *
 * Names that `@opentelemetry/semantic-conventions` (1.45) still carries in its `/incubating` entry
 * are copied below as literals of the same names and values (that entry is marked deprecated for
 * GenAI only because GenAI moved to the semantic-conventions-genai repository, which has no release
 * yet; see the semconv digest §0, §5); stable names are re-exported from the main entry.
 * Names that exist only on semantic-conventions-genai `main` are defined here, so that switching to
 * `@opentelemetry/semantic-conventions-genai` later is a one-file change.
 */
export {
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_ERROR_TYPE,
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  NETWORK_TRANSPORT_VALUE_PIPE,
  NETWORK_TRANSPORT_VALUE_TCP,
} from '@opentelemetry/semantic-conventions';
// Literals, not re-exports from the package's `/incubating` entry: loading that entry costs
// ~26 ms of start-up for these ~50 strings. test/foundation/semconv-literals.test.ts checks they equal it.
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description';
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_AGENT_VERSION = 'gen_ai.agent.version';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_DATA_SOURCE_ID = 'gen_ai.data_source.id';
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count';
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats';
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const ATTR_GEN_AI_RETRIEVAL_DOCUMENTS = 'gen_ai.retrieval.documents';
export const ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT = 'gen_ai.retrieval.query.text';
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
/** Deprecated since v1.37 for `gen_ai.provider.name`: never written, only removed where a library writes it. */
export const ATTR_GEN_AI_SYSTEM = 'gen_ai.system';
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
export const ATTR_GEN_AI_TOOL_DEFINITIONS = 'gen_ai.tool.definitions';
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name';
export const ATTR_OPENAI_API_TYPE = 'openai.api.type';
export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier';
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier';
export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint';
export const GEN_AI_OPERATION_NAME_VALUE_CHAT = 'chat';
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings';
export const GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT = 'generate_content';
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT = 'invoke_agent';
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW = 'invoke_workflow';
export const GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION = 'text_completion';
export const GEN_AI_OUTPUT_TYPE_VALUE_IMAGE = 'image';
export const GEN_AI_OUTPUT_TYPE_VALUE_JSON = 'json';
export const GEN_AI_OUTPUT_TYPE_VALUE_SPEECH = 'speech';
export const GEN_AI_OUTPUT_TYPE_VALUE_TEXT = 'text';
export const GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK = 'aws.bedrock';
export const GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI = 'azure.ai.openai';
export const GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI = 'gcp.gemini';
export const GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI = 'gcp.vertex_ai';
export const GEN_AI_PROVIDER_NAME_VALUE_OPENAI = 'openai';
export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = 'input';
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = 'output';
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK =
  'gen_ai.client.operation.time_per_output_chunk';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK =
  'gen_ai.client.operation.time_to_first_chunk';
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS = 'chat_completions';
export const OPENAI_API_TYPE_VALUE_RESPONSES = 'responses';

/**
 * Tokens written to the provider's prompt cache; a subset of `gen_ai.usage.input_tokens`.
 * semantic-conventions-genai PR #440 renamed `gen_ai.usage.cache_creation.input_tokens` to this.
 * Draft name: written only when the draft conventions are chosen (see semconv-version.ts).
 */
export const ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';

/** The released (v1.40–v1.41) name of {@link ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS}. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';

/** The reasoning effort asked for, e.g. OpenAI `reasoning_effort` (semantic-conventions-genai main). */
export const ATTR_GEN_AI_REQUEST_REASONING_LEVEL = 'gen_ai.request.reasoning.level';

/** OpenAI Responses `previous_response_id` (semantic-conventions-genai main). */
export const ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID = 'gen_ai.request.previous_response.id';

/** `GET /responses/{id}` and equivalents (semantic-conventions-genai main). */
export const GEN_AI_OPERATION_NAME_VALUE_FETCH_RESPONSE = 'fetch_response';

/**
 * The Gemini thinking budget asked for (`config.thinkingConfig.thinkingBudget`: tokens, `0` off,
 * `-1` dynamic). genai-otel's own name: the conventions have no budget attribute, and the
 * level (`thinkingLevel`) goes to `gen_ai.request.reasoning.level`.
 */
export const ATTR_GCP_GEN_AI_REQUEST_THINKING_BUDGET = 'gcp.gen_ai.request.thinking_budget';

/** The Bedrock guardrail a call names (Converse `guardrailConfig`, InvokeModel `guardrailIdentifier`). */
export const ATTR_AWS_BEDROCK_GUARDRAIL_ID = 'aws.bedrock.guardrail.id';

/** The fallback `error.type` when nothing lower-cardinality is known (general semconv rule). */
export const ERROR_TYPE_VALUE_OTHER = '_OTHER';

/** The content of a GenAI log event (redacted like the content attributes). */
export const ATTR_GEN_AI_EVENT_CONTENT = 'gen_ai.event.content';

/**
 * Content keys of older GenAI conventions and of OpenLLMetry (`gen_ai.prompt.0.content` …), as
 * redaction patterns: a trailing `*` matches a prefix. genai-otel never writes them.
 */
export const LEGACY_GEN_AI_CONTENT_KEY_PATTERNS: readonly string[] = [
  'gen_ai.prompt*',
  'gen_ai.completion*',
  'gen_ai.retrieval.*',
];

// --- genai-otel's own names (no convention covers them, hence the `genai_otel.` prefix) ---

/**
 * Set to `true` when the span was ended because nobody read the response or stream within the
 * unconsumed-response timeout (see docs/streaming.md).
 */
export const ATTR_GENAI_OTEL_RESPONSE_UNCONSUMED = 'genai_otel.response.unconsumed';

/** Span attribute: cost of the call in US dollars (input + output), from its reported usage. */
export const ATTR_GENAI_OTEL_COST_USD = 'genai_otel.cost.usd';
/** Span attribute: the input part of {@link ATTR_GENAI_OTEL_COST_USD}. */
export const ATTR_GENAI_OTEL_COST_INPUT_USD = 'genai_otel.cost.input_usd';
/** Span attribute: the output part of {@link ATTR_GENAI_OTEL_COST_USD}. */
export const ATTR_GENAI_OTEL_COST_OUTPUT_USD = 'genai_otel.cost.output_usd';
/** Span attribute: `genai-prices` (the catalogue) or `override` (your pricing overrides). */
export const ATTR_GENAI_OTEL_COST_SOURCE = 'genai_otel.cost.source';
/** Counter: total cost of model calls in US dollars. */
export const METRIC_GENAI_OTEL_CLIENT_COST = 'genai_otel.client.cost';

/** What a manual span stands for (`llm`, `tool`, `task` …), so viewers can tell a task from a plain span. */
export const ATTR_SPAN_KIND = 'genai_otel.span.kind';
/** Input of spans the conventions have no content attribute for (content capture only). */
export const ATTR_INPUT = 'genai_otel.input';
/** Output of spans the conventions have no content attribute for (content capture only). */
export const ATTR_OUTPUT = 'genai_otel.output';
/** Tags of the trace (`withTraceAttributes`); nested calls add to the list. */
export const ATTR_TAGS = 'genai_otel.tags';
/** Prefix of the trace's metadata attributes (`genai_otel.metadata.{key}`). */
export const METADATA_PREFIX = 'genai_otel.metadata.';
/** On a detached trace's root: a link to the span it was detached from. */
export const ATTR_LINK_DETACHED_FROM = 'genai_otel.link.detached_from';
/** Set when a stream's consumer cancelled it. */
export const ATTR_STREAM_CANCELLED = 'genai_otel.stream.cancelled';
/** Set when a stream was garbage-collected before it was read to the end. */
export const ATTR_STREAM_ABANDONED = 'genai_otel.stream.abandoned';
/** Items a followed stream yielded. */
export const ATTR_STREAM_ITEM_COUNT = 'genai_otel.stream.item_count';
/** Set on spans genai-otel ended because the process exited while they were open. */
export const ATTR_ENDED_AT_EXIT = 'genai_otel.span.ended_at_exit';

/** Set on a run's span when genai-otel closed it because no end or fail event came in time. */
export const ATTR_RUN_TIMED_OUT = 'genai_otel.run.timed_out';
/** Set on a run's span when it was closed to keep memory bounded (too many open runs). */
export const ATTR_RUN_EVICTED = 'genai_otel.run.evicted';
/** Set (to the missing parent's id) on a run whose parent run never started; it became a root. */
export const ATTR_RUN_MISSING_PARENT = 'genai_otel.run.missing_parent_id';
/** The run id given by the callback system, for matching spans with its logs. */
export const ATTR_RUN_ID = 'genai_otel.run.id';
/** The foreign event type a bridged span came from (`EventSourceBridge`). */
export const ATTR_EVENT_TYPE = 'genai_otel.event.type';
/** Documents a retriever returned (a count, so not content). */
export const ATTR_RETRIEVAL_DOCUMENT_COUNT = 'genai_otel.retrieval.document_count';
/** A LangGraph control-flow signal (interrupt, hand-off) that ended a run without failing it. */
export const ATTR_LANGGRAPH_CONTROL_FLOW = 'genai_otel.langgraph.control_flow';

/** `withRun`: the run's name. */
export const ATTR_RUN_NAME = 'genai_otel.run.name';
/** `withRun`: prefix of the run's parameters (`genai_otel.run.param.{name}`). */
export const ATTR_RUN_PARAM_PREFIX = 'genai_otel.run.param.';
/** `withRun` totals on the run span. */
export const ATTR_RUN_CALLS = 'genai_otel.run.calls';
export const ATTR_RUN_ERRORS = 'genai_otel.run.errors';
export const ATTR_RUN_TOOL_CALLS = 'genai_otel.run.tool_calls';
export const ATTR_RUN_TOOL_ERRORS = 'genai_otel.run.tool_errors';
export const ATTR_RUN_INPUT_TOKENS = 'genai_otel.run.input_tokens';
export const ATTR_RUN_OUTPUT_TOKENS = 'genai_otel.run.output_tokens';
export const ATTR_RUN_UNPRICED_CALLS = 'genai_otel.run.unpriced_calls';
export const ATTR_RUN_COST_USD = 'genai_otel.run.cost_usd';
export const ATTR_RUN_LATENCY_P50_MS = 'genai_otel.run.latency_p50_ms';
export const ATTR_RUN_LATENCY_P90_MS = 'genai_otel.run.latency_p90_ms';
export const ATTR_RUN_LATENCY_P99_MS = 'genai_otel.run.latency_p99_ms';

/** Advised buckets for `gen_ai.client.operation.duration` and the two chunk-timing histograms (s). */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** Advised buckets for `gen_ai.client.token.usage`. */
export const TOKEN_USAGE_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/**
 * The attributes genai-otel writes message content to (recorded only with content capture on):
 * what redaction scrubs of our own.
 */
export const OWN_CONTENT_ATTRIBUTES: readonly string[] = [
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_EVENT_CONTENT,
  // Input/output of spans the GenAI conventions have no content attribute for.
  ATTR_INPUT,
  ATTR_OUTPUT,
];

// Anthropic (`@anthropic-ai/sdk` and its Bedrock and Vertex clients). The `anthropic.*` names are
// the ones the SDK's own spans use (1.x), so a user sees the same names whichever span they get.
export const GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC = 'anthropic';
/** The raw `stop_reason` (`end_turn`, `pause_turn`, …), which `finish_reasons` normalises. */
export const ATTR_ANTHROPIC_MESSAGE_STOP_REASON = 'anthropic.message.stop_reason';
/** Extended thinking: `enabled`, `adaptive` or `disabled`. */
export const ATTR_ANTHROPIC_THINKING_TYPE = 'anthropic.thinking.type';
export const ATTR_ANTHROPIC_THINKING_BUDGET_TOKENS = 'anthropic.thinking.budget_tokens';
export const ATTR_ANTHROPIC_REQUEST_SERVICE_TIER = 'anthropic.request.service_tier';
export const ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER = 'anthropic.response.service_tier';
/** `tool_choice.type`: `auto`, `any`, `tool` or `none` (the conventions have no key for it). */
export const ATTR_ANTHROPIC_REQUEST_TOOL_CHOICE = 'anthropic.request.tool_choice';
/** Beta features asked for (`betas` of `beta.messages`). */
export const ATTR_ANTHROPIC_BETA = 'anthropic.beta';
/** Cache writes by time to live; together they make `gen_ai.usage.cache_write.input_tokens`. */
export const ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_5M_INPUT_TOKENS =
  'anthropic.usage.cache_creation.ephemeral_5m_input_tokens';
export const ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_1H_INPUT_TOKENS =
  'anthropic.usage.cache_creation.ephemeral_1h_input_tokens';

// MCP (docs/mcp.md). The `mcp.*`, `jsonrpc.*` and `rpc.response.status_code` names are still in the
// package's `/incubating` entry (development / release-candidate), hence literals as above.
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';
export const ATTR_JSONRPC_PROTOCOL_VERSION = 'jsonrpc.protocol.version';
export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
export const ATTR_MCP_RESOURCE_URI = 'mcp.resource.uri';
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code';
export const GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL = 'execute_tool';
export const MCP_METHOD_NAME_VALUE_INITIALIZE = 'initialize';
export const MCP_METHOD_NAME_VALUE_PROMPTS_GET = 'prompts/get';
export const MCP_METHOD_NAME_VALUE_TOOLS_CALL = 'tools/call';
export const METRIC_MCP_CLIENT_OPERATION_DURATION = 'mcp.client.operation.duration';
export const METRIC_MCP_CLIENT_SESSION_DURATION = 'mcp.client.session.duration';
export const METRIC_MCP_SERVER_OPERATION_DURATION = 'mcp.server.operation.duration';
export const METRIC_MCP_SERVER_SESSION_DURATION = 'mcp.server.session.duration';

/** `error.type` of an MCP `tools/call` whose result says `isError: true` (MCP conventions). */
export const ERROR_TYPE_VALUE_TOOL_ERROR = 'tool_error';

/** `network.protocol.name` of the MCP HTTP transports (Streamable HTTP, legacy HTTP+SSE). */
export const NETWORK_PROTOCOL_NAME_VALUE_HTTP = 'http';

/** Advised buckets for the four MCP duration histograms (s). */
export const MCP_DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300,
];

/** genai-otel's own, for MCP content the conventions name no attribute for (recorded only when capture is on). */
export const ATTR_GENAI_OTEL_MCP_PROMPT_ARGUMENTS = 'genai_otel.mcp.prompt.arguments';
export const ATTR_GENAI_OTEL_MCP_PROMPT_MESSAGES = 'genai_otel.mcp.prompt.messages';
export const ATTR_GENAI_OTEL_MCP_RESOURCE_CONTENTS = 'genai_otel.mcp.resource.contents';

// OpenAI Agents SDK (`@openai/agents`, docs in README "OpenAI Agents SDK"). The conventions have no
// handoff or guardrail attributes yet (genai #98, #447 are open), so these carry the SDK's own names.
/** The SDK's span type (`agent`, `function`, `handoff`, `guardrail`, `custom` …) a span was made from. */
export const ATTR_OPENAI_AGENTS_SPAN_TYPE = 'openai_agents.span.type';
/** The agents a handoff goes from and to. */
export const ATTR_OPENAI_AGENTS_HANDOFF_FROM_AGENT = 'openai_agents.handoff.from_agent';
export const ATTR_OPENAI_AGENTS_HANDOFF_TO_AGENT = 'openai_agents.handoff.to_agent';
/** A guardrail's name and whether its tripwire was triggered. */
export const ATTR_OPENAI_AGENTS_GUARDRAIL_NAME = 'openai_agents.guardrail.name';
export const ATTR_OPENAI_AGENTS_GUARDRAIL_TRIGGERED = 'openai_agents.guardrail.triggered';
/** The tools and handoffs an agent had available, by name. */
export const ATTR_OPENAI_AGENTS_AGENT_TOOLS = 'openai_agents.agent.tools';
export const ATTR_OPENAI_AGENTS_AGENT_HANDOFFS = 'openai_agents.agent.handoffs';
/** The structured output type an agent was asked for. */
export const ATTR_OPENAI_AGENTS_AGENT_OUTPUT_TYPE = 'openai_agents.agent.output_type';
/** `gen_ai.tool.type` of a function tool. */
export const GEN_AI_TOOL_TYPE_VALUE_FUNCTION = 'function';

// --- The conventions' events, and what genai-otel records about content it had to cut or move ---

/** Log event with one inference's details (request, response, content structured), semconv ≥1.37. */
export const EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS = 'gen_ai.client.inference.operation.details';
/** Log event with the result of evaluating a GenAI output (semconv ≥1.38). */
export const EVENT_GEN_AI_EVALUATION_RESULT = 'gen_ai.evaluation.result';
/** The evaluation metric (Required on `gen_ai.evaluation.result`), e.g. `relevance`. */
export const ATTR_GEN_AI_EVALUATION_NAME = 'gen_ai.evaluation.name';
/** The evaluation's numeric score. */
export const ATTR_GEN_AI_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value';
/** The human-readable, low-cardinality meaning of the score, e.g. `relevant`, `pass`. */
export const ATTR_GEN_AI_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label';
/** The evaluator's free-form explanation of the score. */
export const ATTR_GEN_AI_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation';

/**
 * Span (and details event) attribute: characters of captured content left out to stay within the
 * attribute length limit and the per-span content budget (cut strings, elided blobs, dropped
 * messages). Absent when nothing was cut. See docs/content.md.
 */
export const ATTR_GENAI_OTEL_CONTENT_TRUNCATED_CHARS = 'genai_otel.content.truncated_chars';
/** Span attribute: content parts moved to the content store and referenced by `uri`. */
export const ATTR_GENAI_OTEL_CONTENT_OFFLOADED_PARTS = 'genai_otel.content.offloaded_parts';
