import { SpanKind } from '@opentelemetry/api';
import type { TracedKind } from './span-options';

interface KindTraits {
  spanKind: SpanKind;
  /** `gen_ai.operation.name` for GenAI kinds. */
  operationName: string | undefined;
}

const TRAITS: Record<TracedKind, KindTraits> = {
  // Model calls leave the process (CLIENT); an in-process agent or a tool runs here (INTERNAL).
  llm: { spanKind: SpanKind.CLIENT, operationName: 'chat' },
  embeddings: { spanKind: SpanKind.CLIENT, operationName: 'embeddings' },
  retrieval: { spanKind: SpanKind.CLIENT, operationName: 'retrieval' },
  tool: { spanKind: SpanKind.INTERNAL, operationName: 'execute_tool' },
  agent: { spanKind: SpanKind.INTERNAL, operationName: 'invoke_agent' },
  workflow: { spanKind: SpanKind.INTERNAL, operationName: 'invoke_workflow' },
  task: { spanKind: SpanKind.INTERNAL, operationName: undefined },
  plain: { spanKind: SpanKind.INTERNAL, operationName: undefined },
};

export function kindTraits(kind: TracedKind | undefined): KindTraits {
  return TRAITS[kind ?? 'plain'] ?? TRAITS.plain;
}
