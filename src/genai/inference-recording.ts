import {
  type Attributes,
  type Context,
  context as contextApi,
  type DiagLogger,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { contentDestinations } from '../content/capture-policy';
import { spanContentJson } from '../content/content-budget';
import { setCostAttributes } from '../cost/cost-recording';
import { computeLLMCost, type LLMCost } from '../cost/llm-cost';
import { chunkObserver } from './chunk-observer';
import { errorTypeOf } from './error-type';
import type { GenAIMetrics } from './genai-metrics';
import type { InferenceRequest, InferenceResult, RequestContent, TokenUsage } from './inference-types';
import { OperationDetailsEvent } from './operation-details-event';
import { rememberResponseSpan } from './response-span-index';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GENAI_OTEL_RESPONSE_UNCONSUMED,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
} from './semconv';
import { versionedKeys } from './semconv-version';
import { genAISpanName } from './span-name';
import { mergeUsage, setUsageAttributes } from './usage-attributes';

/** What a recording needs from its owner (an instrumentation or the manual API). */
export interface GenAITelemetry {
  tracer: Tracer;
  metrics: GenAIMetrics;
  /** Where telemetry failures go; never the user's console. */
  diag: DiagLogger;
}

/** Options for {@link InferenceRecording.start}. */
export interface InferenceStartOptions {
  /** Parent context; the active context by default. */
  parentContext?: Context;
  /** CLIENT by default; INTERNAL for models running in-process. */
  kind?: SpanKind;
  /** Overrides the content-capture decision of the context ({@link contentDestinations}). */
  captureContent?: boolean;
  /** Span name other than the conventional `{operation} {model}` (a manual span the user named). */
  spanName?: string;
  /** When the call started, if it is reported after the fact (epoch ms); default now. */
  startTime?: number;
  /**
   * The provider's `error.type` for a thrown error (e.g. an HTTP status its one error class carries);
   * undefined falls back to the error class name ({@link errorTypeOf}).
   */
  errorTypeOf?: (error: unknown) => string | undefined;
}

/**
 * One GenAI operation in flight: its span, its timing and what is known about its outcome.
 *
 * The shared core every provider uses: instrumentations translate their payloads into
 * {@link InferenceRequest}/{@link InferenceResult} and call this; attribute names, content
 * capture, usage, finish reasons, errors and metrics are decided here, once. Every method
 * swallows its own failures (reported to `diag`), and the span ends exactly once however many
 * paths try to end it.
 */
export class InferenceRecording {
  /** The span; children (HTTP spans, tool spans) should be started in {@link context}. */
  readonly span: Span;
  /** The parent context with this span set, to run the provider call in. */
  readonly context: Context;
  /** Whether message content is collected for this operation (decided once, at start). */
  readonly captureContent: boolean;
  /** Whether that content goes on the span's attributes (the capture mode may send it to the event only). */
  private contentOnSpan = false;
  /** The operation-details log event, when the capture mode asks for it. */
  private detailsEvent: OperationDetailsEvent | undefined;

  private readonly telemetry: GenAITelemetry;
  private readonly startedAt: number;
  // What the metric records carry (see MetricAttributeSetCache), read when the span ends.
  private readonly operationName: string;
  private readonly providerName: string | undefined;
  private readonly requestModel: string | undefined;
  private responseModel: string | undefined;
  private serverAddress: string | undefined;
  private serverPort: number | undefined;
  private serviceTier: string | undefined;
  private usage: TokenUsage | undefined;
  private errorType: string | undefined;
  private errorMessage: string | undefined;
  private firstChunkAt: number | undefined;
  private lastChunkAt: number | undefined;
  private chunkIntervals: number[] | undefined;
  private ended = false;
  private cost: LLMCost | undefined;
  private endCallbacks: Array<() => void> | undefined;
  private providerErrorTypeOf: ((error: unknown) => string | undefined) | undefined;

  private constructor(
    telemetry: GenAITelemetry,
    span: Span,
    parent: Context,
    captureContent: boolean,
    request: InferenceRequest,
    startTime: number | undefined,
  ) {
    this.telemetry = telemetry;
    this.span = span;
    this.context = trace.setSpan(parent, span);
    this.captureContent = captureContent;
    this.operationName = request.operationName;
    this.providerName = request.providerName;
    this.requestModel = request.requestModel;
    this.serverAddress = request.serverAddress;
    this.serverPort = request.serverPort;
    // A start reported after the fact (a bridged event) counts from then, on the monotonic clock.
    this.startedAt = performance.now() - (startTime === undefined ? 0 : Math.max(0, Date.now() - startTime));
  }

  /**
   * Starts the span `{operation} {model}` with every request attribute set at start (the
   * sampling-relevant ones must be there for samplers to see them), plus the request content when
   * capture is on. Throws only if the tracer itself throws; callers fall back to an untraced call.
   */
  static start(
    telemetry: GenAITelemetry,
    request: InferenceRequest,
    options: InferenceStartOptions = {},
  ): InferenceRecording {
    const parent = options.parentContext ?? contextApi.active();
    const attributes = requestAttributes(request);
    const span = telemetry.tracer.startSpan(
      options.spanName ?? genAISpanName(request.operationName, request.requestModel),
      { kind: options.kind ?? SpanKind.CLIENT, attributes, startTime: options.startTime },
      parent,
    );
    const destinations = contentDestinations(parent, options.captureContent);
    const captureContent = destinations.capture;
    const recording = new InferenceRecording(
      telemetry,
      span,
      parent,
      captureContent,
      request,
      options.startTime,
    );
    recording.providerErrorTypeOf = options.errorTypeOf;
    recording.contentOnSpan = destinations.onSpan;
    // The event describes inference (the conventions' inference span group), not embeddings.
    if (destinations.detailsEvent && request.operationName !== GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS) {
      recording.detailsEvent = new OperationDetailsEvent(attributes);
    }
    if (captureContent && request.content && (span.isRecording() || recording.detailsEvent))
      recording.recordRequestContent(request.content);
    return recording;
  }

  /** Whether content goes on the span's attributes (not only on the operation-details event). */
  get recordsContentOnSpan(): boolean {
    return this.contentOnSpan;
  }

  /** Whether the span has ended (completion, error, cancellation or the unconsumed timeout). */
  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * Records what the response (or the stream so far) told us. May be called more than once; later
   * values win. Ignored after the span ended.
   */
  recordResult(result: InferenceResult): void {
    if (this.ended) return;
    try {
      const span = this.span;
      if (result.responseId !== undefined) {
        span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, result.responseId);
        rememberResponseSpan(result.responseId, span);
      }
      if (result.responseModel !== undefined) {
        this.responseModel = result.responseModel;
        span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, result.responseModel);
      }
      if (result.finishReasons !== undefined && result.finishReasons.length > 0) {
        span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, result.finishReasons);
      }
      if (result.conversationId !== undefined)
        span.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, result.conversationId);
      if (result.embeddingDimensions !== undefined) {
        span.setAttribute(ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, result.embeddingDimensions);
      }
      if (result.usage !== undefined) {
        // Counts reported separately (input at start, output at the end) add up; later ones win.
        this.usage = mergeUsage(this.usage, result.usage);
        setUsageAttributes(span, result.usage);
      }
      if (result.attributes !== undefined) {
        const attributes = result.attributes;
        for (const key in attributes) {
          const value = attributes[key];
          if (value !== undefined) span.setAttribute(key, value);
        }
        this.noteResultMetricAttributes(attributes);
      }
      if (result.errorType !== undefined) {
        this.errorType = result.errorType;
        this.errorMessage = result.errorMessage ?? this.errorMessage;
      }
      if (
        this.captureContent &&
        result.outputMessages !== undefined &&
        (span.isRecording() || this.detailsEvent)
      ) {
        const messages = result.outputMessages();
        if (messages.length > 0) {
          if (this.contentOnSpan && span.isRecording()) {
            span.setAttribute(
              ATTR_GEN_AI_OUTPUT_MESSAGES,
              spanContentJson(span, ATTR_GEN_AI_OUTPUT_MESSAGES, messages, 'response'),
            );
          }
          this.detailsEvent?.setOutputMessages(messages);
        }
      }
    } catch (error) {
      this.telemetry.diag.error('genai-otel: failed to record a GenAI response', error);
    }
  }

  /**
   * Notes that a stream chunk arrived now: the first sets `gen_ai.response.time_to_first_chunk`;
   * the following ones feed `gen_ai.client.operation.time_per_output_chunk` at the end.
   */
  recordChunk(now: number = performance.now(), text?: string): void {
    if (this.ended) return;
    const observe = chunkObserver();
    if (observe !== undefined) {
      observe(this.span, {
        index: this.lastChunkAt === undefined ? 1 : (this.chunkIntervals?.length ?? 0) + 2,
        sinceStartMs: now - this.startedAt,
        text,
        captureContent: this.captureContent,
      });
    }
    if (this.lastChunkAt === undefined) {
      this.firstChunkAt = now;
      this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (now - this.startedAt) / 1000);
    } else {
      this.chunkIntervals ??= [];
      this.chunkIntervals.push((now - this.lastChunkAt) / 1000);
    }
    this.lastChunkAt = now;
  }

  /**
   * Ends the span and records the metrics; status ERROR if the result reported a failure.
   * `endTime` (epoch ms) is for ends reported after the fact; default now.
   */
  end(endTime?: number): void {
    if (this.ended) return;
    this.runEndCallbacks();
    this.ended = true;
    try {
      if (this.errorType !== undefined) {
        this.span.setAttribute(ATTR_ERROR_TYPE, this.errorType);
        this.span.setStatus({ code: SpanStatusCode.ERROR, message: this.errorMessage });
      }
      this.recordCost();
      this.recordMetrics(endTime);
    } catch (error) {
      this.telemetry.diag.error('genai-otel: failed to finish a GenAI span', error);
    }
    if (this.detailsEvent !== undefined) {
      try {
        this.detailsEvent.emit(this.span, this.context);
      } catch (error) {
        this.telemetry.diag.error('genai-otel: failed to emit the GenAI operation-details event', error);
      }
    }
    try {
      this.span.end(endTime);
    } catch (error) {
      this.telemetry.diag.error('genai-otel: failed to end a GenAI span', error);
    }
  }

  /**
   * Ends the span because the operation threw: status ERROR, `error.type`, an exception event.
   * `errorType` overrides the type derived from the error's class.
   */
  endWithError(error: unknown, errorType?: string, endTime?: number): void {
    if (this.ended) return;
    try {
      this.errorType = errorType ?? this.providerErrorTypeOf?.(error) ?? errorTypeOf(error);
      this.errorMessage = error instanceof Error ? error.message : String(error);
      if (error instanceof Error || typeof error === 'string') this.span.recordException(error);
    } catch (recordingError) {
      this.telemetry.diag.error('genai-otel: failed to record a GenAI error', recordingError);
    }
    this.end(endTime);
  }

  /**
   * Ends the span because nobody consumed the response within the unconsumed timeout; marks it
   * with `genai_otel.response.unconsumed` so the missing output is explained.
   */
  endUnconsumed(): void {
    if (this.ended) return;
    try {
      this.span.setAttribute(ATTR_GENAI_OTEL_RESPONSE_UNCONSUMED, true);
    } catch (error) {
      this.telemetry.diag.error('genai-otel: failed to mark an unconsumed GenAI span', error);
    }
    this.end();
  }

  /**
   * Runs `callback` just before the span ends (e.g. a user's response hook), while attributes can
   * still be set. Failures are reported to `diag`.
   */
  beforeEnd(callback: () => void): void {
    if (this.ended) return;
    this.endCallbacks ??= [];
    this.endCallbacks.push(callback);
  }

  private runEndCallbacks(): void {
    const callbacks = this.endCallbacks;
    if (callbacks === undefined) return;
    this.endCallbacks = undefined;
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        this.telemetry.diag.error('genai-otel: a before-end callback failed', error);
      }
    }
  }

  /** Reports a telemetry failure of the caller's own (never the user's error) to `diag`. */
  reportError(message: string, error: unknown): void {
    this.telemetry.diag.error(message, error);
  }

  private recordRequestContent(content: () => RequestContent): void {
    try {
      const requestContent = content();
      this.detailsEvent?.setRequestContent(requestContent);
      if (!this.contentOnSpan || !this.span.isRecording()) return;
      const { inputMessages, systemInstructions, toolDefinitions } = requestContent;
      const record = (key: string, value: unknown[] | undefined) => {
        if (value !== undefined && value.length > 0) {
          this.span.setAttribute(key, spanContentJson(this.span, key, value, 'request'));
        }
      };
      record(ATTR_GEN_AI_INPUT_MESSAGES, inputMessages);
      record(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, systemInstructions);
      record(ATTR_GEN_AI_TOOL_DEFINITIONS, toolDefinitions);
    } catch (error) {
      // A payload shape we do not know must cost the user the content attribute, not the span.
      this.telemetry.diag.error('genai-otel: failed to record GenAI request content', error);
    }
  }

  /** Prices the call from its usage (docs/cost.md); an unknown model gets no cost attribute at all. */
  private recordCost(): void {
    if (this.usage === undefined) return;
    this.cost = computeLLMCost({
      provider: this.providerName,
      responseModel: this.responseModel,
      requestModel: this.requestModel,
      usage: this.usage,
    });
    if (this.cost !== undefined) setCostAttributes(this.span, this.cost);
  }

  /** Keeps the response attributes that also go on metrics (see `MetricAttributeSetCache`). */
  private noteResultMetricAttributes(attributes: Attributes): void {
    const serverAddress = attributes[ATTR_SERVER_ADDRESS];
    if (serverAddress !== undefined) this.serverAddress = serverAddress as string;
    const serverPort = attributes[ATTR_SERVER_PORT];
    if (serverPort !== undefined) this.serverPort = serverPort as number;
    const serviceTier = attributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER];
    if (serviceTier !== undefined) this.serviceTier = serviceTier as string;
  }

  /**
   * The call's metric records, each with the attributes its GenAI convention lists (operation,
   * provider, request and response model, server address and port; `error.type` on the duration,
   * `gen_ai.token.type` on token usage; the provider's refinements on duration and token usage)
   * and nothing per response like `openai.response.system_fingerprint`, which would split every
   * series. The attribute sets are built once per distinct combination and shared by every call
   * alike; the per-chunk intervals, gathered while the stream ran, are recorded in one loop.
   */
  private recordMetrics(endTime: number | undefined): void {
    const metrics = this.telemetry.metrics;
    const sets = metrics.attributeSets.setsFor(
      this.operationName,
      this.providerName,
      this.requestModel,
      this.responseModel,
      this.serverAddress,
      this.serverPort,
      this.serviceTier,
    );
    const endedAt = performance.now() - (endTime === undefined ? 0 : Math.max(0, Date.now() - endTime));
    const seconds = Math.max(0, endedAt - this.startedAt) / 1000;
    metrics.operationDuration.record(
      seconds,
      this.errorType === undefined ? sets.refined : { ...sets.refined, [ATTR_ERROR_TYPE]: this.errorType },
    );
    const usage = this.usage;
    if (usage?.inputTokens !== undefined) metrics.tokenUsage.record(usage.inputTokens, sets.inputTokens);
    if (usage?.outputTokens !== undefined) metrics.tokenUsage.record(usage.outputTokens, sets.outputTokens);
    if (this.cost !== undefined) metrics.cost?.add(this.cost.totalUsd, sets.common);
    if (this.firstChunkAt !== undefined) {
      metrics.timeToFirstChunk.record((this.firstChunkAt - this.startedAt) / 1000, sets.common);
      const intervals = this.chunkIntervals;
      if (intervals !== undefined) {
        const timePerOutputChunk = metrics.timePerOutputChunk;
        for (const interval of intervals) timePerOutputChunk.record(interval, sets.common);
      }
    }
  }
}

function requestAttributes(request: InferenceRequest): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: request.operationName };
  if (request.providerName !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = request.providerName;
  if (request.requestModel !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = request.requestModel;
  if (request.serverAddress !== undefined) attributes[ATTR_SERVER_ADDRESS] = request.serverAddress;
  if (request.serverPort !== undefined) attributes[ATTR_SERVER_PORT] = request.serverPort;
  if (request.stream === true) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  if (request.temperature !== undefined) attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = request.temperature;
  if (request.topP !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_P] = request.topP;
  if (request.topK !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_K] = request.topK;
  if (request.maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = request.maxTokens;
  if (request.seed !== undefined) attributes[ATTR_GEN_AI_REQUEST_SEED] = request.seed;
  if (request.stopSequences !== undefined)
    attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = request.stopSequences;
  if (request.frequencyPenalty !== undefined) {
    attributes[ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY] = request.frequencyPenalty;
  }
  if (request.presencePenalty !== undefined) {
    attributes[ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY] = request.presencePenalty;
  }
  if (request.choiceCount !== undefined && request.choiceCount !== 1) {
    attributes[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = request.choiceCount;
  }
  if (request.outputType !== undefined) attributes[ATTR_GEN_AI_OUTPUT_TYPE] = request.outputType;
  if (request.reasoningLevel !== undefined) {
    for (const key of versionedKeys('reasoningLevel')) attributes[key] = request.reasoningLevel;
  }
  if (request.encodingFormats !== undefined) {
    attributes[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = request.encodingFormats;
  }
  if (request.conversationId !== undefined) attributes[ATTR_GEN_AI_CONVERSATION_ID] = request.conversationId;
  if (request.previousResponseId !== undefined) {
    for (const key of versionedKeys('previousResponseId')) attributes[key] = request.previousResponseId;
  }
  if (request.attributes !== undefined) Object.assign(attributes, request.attributes);
  return attributes;
}
