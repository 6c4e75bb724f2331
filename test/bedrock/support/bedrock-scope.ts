import { BEDROCK_INSTRUMENTATION_NAME } from '../../../instrumentations/bedrock';

/** The instrumentation scope of genai-otel's Bedrock spans and metrics. */
export const BEDROCK_SCOPE = BEDROCK_INSTRUMENTATION_NAME;
