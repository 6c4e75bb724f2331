import {
  type Attributes,
  context,
  diag,
  SeverityNumber,
  type Span,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import { genAILogger } from '../genai/genai-logger';
import { spanOfResponse } from '../genai/response-span-index';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_RESPONSE_ID,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '../genai/semconv';

/** One evaluation of a GenAI output, for {@link recordEvaluation}. */
export interface EvaluationResult {
  /** What was evaluated, e.g. `relevance`, `faithfulness`, `toxicity`. Required. */
  name: string;
  /** The numeric score, if the evaluator gives one. */
  score?: number;
  /** What the score means, low-cardinality: `relevant`, `pass`, `fail`, … */
  label?: string;
  /** The evaluator's free-form reasoning. */
  explanation?: string;
  /**
   * The id of the evaluated response (`gen_ai.response.id` of the model call). The event is
   * parented to the span that recorded it while that is among the last 4096 responses; it always
   * carries the id, so a backend can correlate it later.
   */
  responseId?: string;
  /** The span evaluated, when you hold it. Default: the call with `responseId`, else the active span. */
  span?: Span | SpanContext;
  /** `error.type`, when the evaluation itself failed. */
  errorType?: string;
}

/**
 * Records a `gen_ai.evaluation.result` log event: the result of judging a model's output (by an
 * LLM judge, a heuristic, a user's thumbs-up). The event is parented to the evaluated call's span,
 * so the trace shows the verdict next to the call; it is exported by the log pipeline
 * (`OTEL_LOGS_EXPORTER`, or your own LoggerProvider). Never throws.
 *
 * @example
 * const response = await openai.responses.create({ model: 'gpt-4.1', input: question });
 * const verdict = await judge(question, response.output_text);
 * recordEvaluation({ name: 'relevance', score: verdict.score, label: verdict.label, responseId: response.id });
 */
export function recordEvaluation(result: EvaluationResult): void {
  try {
    if (typeof result?.name !== 'string' || result.name === '') {
      diag.warn(
        'genai-otel: recordEvaluation() needs a name (e.g. "relevance"); the evaluation is not recorded',
      );
      return;
    }
    const attributes: Attributes = { [ATTR_GEN_AI_EVALUATION_NAME]: result.name };
    if (typeof result.score === 'number') attributes[ATTR_GEN_AI_EVALUATION_SCORE_VALUE] = result.score;
    if (result.label !== undefined) attributes[ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = result.label;
    if (result.explanation !== undefined) attributes[ATTR_GEN_AI_EVALUATION_EXPLANATION] = result.explanation;
    if (result.responseId !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = result.responseId;
    if (result.errorType !== undefined) attributes[ATTR_ERROR_TYPE] = result.errorType;
    genAILogger().emit({
      eventName: EVENT_GEN_AI_EVALUATION_RESULT,
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      attributes,
      context: evaluatedContext(result),
    });
  } catch (error) {
    diag.error('genai-otel: failed to record an evaluation', error);
  }
}

function evaluatedContext(result: EvaluationResult) {
  const active = context.active();
  const given = result.span;
  const spanContext: SpanContext | undefined =
    given === undefined
      ? result.responseId !== undefined
        ? spanOfResponse(result.responseId)
        : undefined
      : 'spanContext' in given
        ? given.spanContext()
        : given;
  return spanContext === undefined ? active : trace.setSpanContext(active, spanContext);
}
