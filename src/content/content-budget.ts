import type { Span } from '@opentelemetry/api';
import {
  ATTR_GENAI_OTEL_CONTENT_OFFLOADED_PARTS,
  ATTR_GENAI_OTEL_CONTENT_TRUNCATED_CHARS,
} from '../genai/semconv';
import { type ContentLimits, contentLimits } from './content-limits';
import { contentOffload, offloadContent } from './content-offload';
import { fitJsonContent } from './fit-json-content';

/**
 * Request content (input messages, instructions, tool definitions) is recorded first; this share
 * of the budget is kept for the response, so a huge prompt cannot leave the answer out.
 */
const RESPONSE_RESERVE = 0.25;

/** Which side of the operation a content attribute records. */
export type ContentSide = 'request' | 'response';

/** One content value, made ready for a span attribute or an event. */
export interface BudgetedContent {
  /** Valid JSON within the limits. */
  json: string;
  /** Characters left out of this value. */
  truncatedChars: number;
}

/**
 * The content budget of one span (or one event): every content attribute is offloaded (when a
 * content store is configured), then fitted ({@link fitJsonContent}) into what is left of the
 * budget and under the attribute length limit. Keeps the totals of what was cut and moved.
 */
export class ContentBudget {
  /** Per attribute: recording an attribute again (a later result) replaces its share and counts. */
  private readonly used = new Map<string, number>();
  private readonly truncated = new Map<string, number>();
  private readonly offloaded = new Map<string, number>();

  constructor(private readonly limits: ContentLimits = contentLimits()) {}

  /** `value`, recorded as `key`, as JSON within this budget; counts what it costs and what was cut. */
  fit(key: string, value: unknown, side: ContentSide): BudgetedContent {
    const offload = contentOffload();
    let content = value;
    if (offload !== undefined) {
      const result = offloadContent(value, offload);
      content = result.value;
      this.offloaded.set(key, result.offloaded);
    }
    this.used.delete(key);
    const fitted = fitJsonContent(content, this.limitFor(side));
    this.used.set(key, fitted.json.length);
    this.truncated.set(key, fitted.truncatedChars);
    return fitted;
  }

  /** Characters left out so far, over all attributes. */
  get truncatedChars(): number {
    return sum(this.truncated);
  }

  /** Parts moved to the content store so far, over all attributes. */
  get offloadedParts(): number {
    return sum(this.offloaded);
  }

  private limitFor(side: ContentSide): number {
    const { attributeValueLength, spanBudget } = this.limits;
    let limit = attributeValueLength ?? Number.MAX_SAFE_INTEGER;
    if (spanBudget !== undefined) {
      const reserve = side === 'request' ? Math.floor(spanBudget * RESPONSE_RESERVE) : 0;
      limit = Math.min(limit, Math.max(0, spanBudget - reserve - sum(this.used)));
    }
    // `[]` is the shortest valid value of a content attribute.
    return Math.max(limit, 2);
  }
}

function sum(values: Map<string, number>): number {
  let total = 0;
  for (const value of values.values()) total += value;
  return total;
}

const budgets = new WeakMap<Span, ContentBudget>();

/**
 * The JSON to record as a content attribute of `span`, within the span's content budget. Sets
 * `genai_otel.content.truncated_chars` / `genai_otel.content.offloaded_parts` on the span when
 * content was cut or moved, so the loss is visible where the content is read.
 */
export function spanContentJson(span: Span, key: string, value: unknown, side: ContentSide): string {
  let budget = budgets.get(span);
  if (budget === undefined) {
    budget = new ContentBudget();
    budgets.set(span, budget);
  }
  const truncatedBefore = budget.truncatedChars;
  const offloadedBefore = budget.offloadedParts;
  const { json } = budget.fit(key, value, side);
  if (budget.truncatedChars !== truncatedBefore)
    span.setAttribute(ATTR_GENAI_OTEL_CONTENT_TRUNCATED_CHARS, budget.truncatedChars);
  if (budget.offloadedParts !== offloadedBefore)
    span.setAttribute(ATTR_GENAI_OTEL_CONTENT_OFFLOADED_PARTS, budget.offloadedParts);
  return json;
}
