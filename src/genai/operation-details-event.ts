import { type Attributes, type Context, SeverityNumber, type Span } from '@opentelemetry/api';
import { ContentBudget, type ContentSide } from '../content/content-budget';
import { genAILogger } from './genai-logger';
import type { RequestContent } from './inference-types';
import type { OutputMessage } from './message-parts';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GENAI_OTEL_CONTENT_OFFLOADED_PARTS,
  ATTR_GENAI_OTEL_CONTENT_TRUNCATED_CHARS,
  EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
} from './semconv';

/** The content attributes, which the event carries structured rather than as the span's JSON text. */
const CONTENT_KEYS = [
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GENAI_OTEL_CONTENT_TRUNCATED_CHARS,
  ATTR_GENAI_OTEL_CONTENT_OFFLOADED_PARTS,
];

/**
 * The `gen_ai.client.inference.operation.details` log event of one model call, collected while
 * the call runs and emitted once when its span ends: the span's attributes, plus the content
 * (when captured) as structured values, as the conventions want on events. Its content has its own
 * budget and is offloaded like the span's. Parented to the call's span; severity DEBUG, as the
 * conventions advise.
 */
export class OperationDetailsEvent {
  private requestContent: RequestContent | undefined;
  private outputMessages: OutputMessage[] | undefined;

  /** `startAttributes`: the request attributes the span started with, for a span that keeps none. */
  constructor(private readonly startAttributes: Attributes) {}

  setRequestContent(content: RequestContent): void {
    this.requestContent = content;
  }

  setOutputMessages(messages: OutputMessage[]): void {
    this.outputMessages = messages;
  }

  /** Emits the event in `context` (the call's span set), with the span's final attributes. */
  emit(span: Span, context: Context): void {
    // An SDK span keeps its attributes readable until it ends; a non-recording one has none.
    const spanAttributes = (span as { attributes?: Attributes }).attributes;
    const attributes: Attributes = { ...(spanAttributes ?? this.startAttributes) };
    for (const key of CONTENT_KEYS) delete attributes[key];
    const budget = new ContentBudget();
    const structured = (key: string, value: unknown[] | undefined, side: ContentSide) => {
      if (value === undefined || value.length === 0) return;
      attributes[key] = JSON.parse(budget.fit(key, value, side).json);
    };
    const request = this.requestContent;
    structured(ATTR_GEN_AI_INPUT_MESSAGES, request?.inputMessages, 'request');
    structured(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, request?.systemInstructions, 'request');
    structured(ATTR_GEN_AI_TOOL_DEFINITIONS, request?.toolDefinitions, 'request');
    structured(ATTR_GEN_AI_OUTPUT_MESSAGES, this.outputMessages, 'response');
    if (budget.truncatedChars > 0)
      attributes[ATTR_GENAI_OTEL_CONTENT_TRUNCATED_CHARS] = budget.truncatedChars;
    if (budget.offloadedParts > 0)
      attributes[ATTR_GENAI_OTEL_CONTENT_OFFLOADED_PARTS] = budget.offloadedParts;
    genAILogger().emit({
      eventName: EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
      severityNumber: SeverityNumber.DEBUG,
      severityText: 'DEBUG',
      attributes,
      context,
    });
  }
}
