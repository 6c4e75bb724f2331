import type { Instrumentation } from '@opentelemetry/instrumentation';

/**
 * genai-otel's own instrumentations, by the short name used in `OTEL_NODE_ENABLED_INSTRUMENTATIONS`
 * and `OTEL_NODE_DISABLED_INSTRUMENTATIONS`. `create` loads the instrumentation's code only when it
 * is enabled.
 */
export interface InstrumentationEntry {
  name: string;
  /** The npm packages it patches: the ESM loader hook intercepts only these. */
  modules: readonly string[];
  create(): Instrumentation;
}

/** Every package some enabled-or-not instrumentation of ours may patch. */
export function instrumentedModuleNames(): string[] {
  return KNOWN_INSTRUMENTATIONS.flatMap((entry) => entry.modules);
}

export const KNOWN_INSTRUMENTATIONS: readonly InstrumentationEntry[] = [
  // Each instrumentation under instrumentations/<name>/ adds one entry here.
  {
    name: 'openai',
    modules: ['openai'],
    // The process-wide instance, so that a later `instrumentOpenAI()` (bundled apps) reuses it.
    create: () =>
      (
        require('../instrumentations/openai/instrument') as typeof import('../instrumentations/openai/instrument')
      ).getSharedOpenAIInstrumentation(),
  },
  {
    name: 'google-genai',
    // `@google/genai/node` is the Node build's own entry (ESM only), which Node apps may import.
    modules: ['@google/genai', '@google/genai/node'],
    create: () =>
      (
        require('../instrumentations/google-genai/instrument') as typeof import('../instrumentations/google-genai/instrument')
      ).getSharedGoogleGenAIInstrumentation(),
  },
  {
    name: 'bedrock',
    modules: ['@aws-sdk/client-bedrock-runtime'],
    create: () =>
      (
        require('../instrumentations/bedrock/instrument') as typeof import('../instrumentations/bedrock/instrument')
      ).getSharedBedrockInstrumentation(),
  },
  {
    name: 'langchain',
    // @langchain/core entry points that LangChain apps, provider packages and LangGraph import by
    // name: when any of them loads, the instrumentation patches that copy's callback manager and
    // model classes (which core itself reaches by relative imports the ESM hook never sees).
    modules: [
      '@langchain/core/callbacks/manager',
      '@langchain/core/runnables',
      '@langchain/core/language_models/chat_models',
      '@langchain/core/language_models/llms',
      '@langchain/core/tools',
      '@langchain/core/messages',
      '@langchain/core/prompts',
      '@langchain/core/retrievers',
    ],
    create: () =>
      (
        require('../instrumentations/langchain/instrument') as typeof import('../instrumentations/langchain/instrument')
      ).getSharedLangChainInstrumentation(),
  },
];
