import { vi } from 'vitest';
import type { GenAIConventions } from '../../src/genai/semconv-version';
import { collectMetrics, finishedSpans } from '../support/instrumentation-telemetry';
import { checkMetrics, checkSpans, describeViolations } from './conformance-checker';
import { loadConventionsModel, MODEL_FILES } from './conventions-model';

/** The two versions every conformance test runs on, with the opt-in that chooses each. */
export const CONVENTION_VERSIONS: ReadonlyArray<{
  conventions: 'released' | 'latest';
  optIn: string | undefined;
}> = [
  { conventions: 'released', optIn: undefined },
  { conventions: 'latest', optIn: 'gen_ai_latest_experimental' },
];

/** Makes the code under test write `conventions` (through the standard variable, as a user would). */
export function writeConventions(optIn: string | undefined): void {
  vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', optIn ?? '');
}

/**
 * Known deviations, each with why it is not fixed here. A deviation listed here is ignored; delete
 * its entry once the fix lands and the test shows it gone.
 */
const KNOWN_DEVIATIONS: ReadonlyArray<{ pattern: RegExp; why: string }> = [];

/** What the finished spans and the metrics so far violate in the model of `conventions`. */
export async function conformanceViolations(conventions: GenAIConventions): Promise<string[]> {
  const model = loadConventionsModel(conventions === 'latest' ? MODEL_FILES.latest : MODEL_FILES.released);
  const violations = [
    ...describeViolations(checkSpans(model, finishedSpans())),
    ...describeViolations(checkMetrics(model, [await collectMetrics()])),
  ];
  return violations.filter((line) => !KNOWN_DEVIATIONS.some((deviation) => deviation.pattern.test(line)));
}
