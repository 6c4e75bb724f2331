import { diag } from '@opentelemetry/api';
import { getProcessState } from '../process-state';

/** How much captured content a span may carry. */
export interface ContentLimits {
  /**
   * Longest value of one content attribute (characters), from
   * `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`, else `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`: the SDK
   * would cut a longer value mid-JSON, so genai-otel cuts inside the parts first. Undefined: none.
   */
  attributeValueLength: number | undefined;
  /**
   * All content attributes of one span together (characters); undefined: no budget. Option
   * `contentBudget`, env `GENAI_OTEL_CONTENT_BUDGET`, default {@link DEFAULT_SPAN_CONTENT_BUDGET}.
   */
  spanBudget: number | undefined;
}

/**
 * 128 Ki characters of content per span: a long conversation fits whole, while a pasted 10 MB
 * document shrinks to 128 KiB, far below the 4 MiB request limit common at collectors (the gRPC
 * default) and backends.
 */
export const DEFAULT_SPAN_CONTENT_BUDGET = 131_072;

/**
 * The limits for `register({ contentBudget })` over the environment. `contentBudget: 0` (or the
 * variable set to `0`) turns the budget off; the attribute length limit still applies.
 */
export function resolveContentLimits(
  contentBudget: number | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ContentLimits {
  const attributeValueLength =
    positiveInteger(env, 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') ??
    positiveInteger(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT');
  const budget =
    contentBudget ?? positiveInteger(env, 'GENAI_OTEL_CONTENT_BUDGET', true) ?? DEFAULT_SPAN_CONTENT_BUDGET;
  return { attributeValueLength, spanBudget: budget > 0 ? budget : undefined };
}

/** The limits in force: those `register()` resolved, else the environment's. */
export function contentLimits(): ContentLimits {
  return getProcessState().config?.contentLimits ?? resolveContentLimits(undefined);
}

const warned = new Set<string>();

function positiveInteger(env: NodeJS.ProcessEnv, name: string, allowZero = false): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (Number.isInteger(value) && (value > 0 || (allowZero && value === 0))) return value;
  if (!warned.has(name)) {
    warned.add(name);
    diag.warn(
      `genai-otel: ignoring ${name}=${JSON.stringify(raw)}; expected a ${allowZero ? 'non-negative' : 'positive'} integer`,
    );
  }
  return undefined;
}
